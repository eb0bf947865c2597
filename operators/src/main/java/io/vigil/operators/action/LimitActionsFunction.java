package io.vigil.operators.action;

import io.vigil.models.action.RemediationAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Enforces each policy rule's {@code maxPerHour}: at most that many actions of one rule in any
 * sliding event-time hour {@code (t - 1 h, t]}, {@code t} being the action's {@code createdAt}.
 * Keyed by rule ({@link PlannedAction.Key}), so the count is global across parallel instances.
 *
 * <p>Deterministic: actions wait in keyed state until the watermark passes their time, then are
 * decided in (createdAt, id) order, so a replay suppresses exactly the same actions whatever the
 * arrival order from parallel planners. Suppressed actions go to {@link #SUPPRESSED} and the {@code
 * suppressedActions} metric (also per rule), never silently dropped. State per key is bounded: the
 * pending actions up to the watermark and at most {@code maxPerHour} admitted times, all cleared an
 * hour after the last admitted action.
 */
public class LimitActionsFunction
    extends KeyedProcessFunction<String, PlannedAction, RemediationAction> {
  public static final String UID = "limit-actions";
  public static final String NAME = "Enforce maxPerHour of policy rules";

  static final long HOUR_MS = 3_600_000L;

  /** Actions over their rule's maxPerHour, with the rule. */
  public static final OutputTag<PlannedAction> SUPPRESSED =
      new OutputTag<>("suppressed-actions", TypeInformation.of(PlannedAction.class));

  private transient MapState<String, PlannedAction> pending;
  private transient ListState<Long> admitted;
  private transient Counter suppressed;
  private transient Map<String, Counter> suppressedByRule;

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-actions", Types.STRING, TypeInformation.of(PlannedAction.class)));
    admitted =
        getRuntimeContext().getListState(new ListStateDescriptor<>("admitted-times", Types.LONG));
    suppressed = getRuntimeContext().getMetricGroup().counter("suppressedActions");
    suppressedByRule = new HashMap<>();
  }

  @Override
  public void processElement(PlannedAction p, Context ctx, Collector<RemediationAction> out)
      throws Exception {
    long t = p.action.createdAt;
    if (t <= ctx.timerService().currentWatermark()) {
      decide(p, ctx, out); // late: the order among late actions is arrival order
      return;
    }
    pending.put(orderKey(t, p.action.id), p);
    ctx.timerService().registerEventTimeTimer(t);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RemediationAction> out)
      throws Exception {
    TreeMap<String, PlannedAction> due = new TreeMap<>();
    Iterator<Map.Entry<String, PlannedAction>> it = pending.iterator();
    while (it.hasNext()) {
      Map.Entry<String, PlannedAction> e = it.next();
      if (e.getValue().action.createdAt <= timestamp) due.put(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, PlannedAction> e : due.entrySet()) {
      pending.remove(e.getKey());
      decide(e.getValue(), ctx, out);
    }
    List<Long> window = window(timestamp);
    if (window.isEmpty()) admitted.clear();
    else admitted.update(window);
  }

  private void decide(PlannedAction p, Context ctx, Collector<RemediationAction> out)
      throws Exception {
    if (!p.limited()) {
      out.collect(p.action);
      return;
    }
    long t = p.action.createdAt;
    List<Long> window = window(t);
    if (window.size() < p.maxPerHour) {
      window.add(t);
      admitted.update(window);
      ctx.timerService().registerEventTimeTimer(t + HOUR_MS); // clean-up
      out.collect(p.action);
    } else {
      admitted.update(window);
      suppressed.inc();
      suppressedByRule
          .computeIfAbsent(
              p.ruleKey,
              k ->
                  getRuntimeContext()
                      .getMetricGroup()
                      .addGroup("rule", k)
                      .counter("suppressedActions"))
          .inc();
      ctx.output(SUPPRESSED, p);
    }
  }

  /** Admitted times still inside the hour ending at {@code t}. */
  private List<Long> window(long t) throws Exception {
    List<Long> in = new ArrayList<>();
    for (Long a : admitted.get()) if (a > t - HOUR_MS) in.add(a);
    return in;
  }

  /** Sorts by time, then id (fixed-width time so string order is time order). */
  static String orderKey(long t, String id) {
    return String.format("%020d|%s", t, id);
  }
}
