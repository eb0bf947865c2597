package io.vigil.operators.sink.es;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins each network finding with the metric bucket of its window (same function, bucket end =
 * window end), so the Elasticsearch document can carry the ECS network fields a finding alone does
 * not have (a port scan's bytes and top destination, a mining finding's bytes). Keyed by function
 * key, in event time: a bucket and the findings of its window are emitted upstream before the
 * watermark passes the bucket's end, so when it does (a timer at the window end) both have arrived.
 * Other findings pass straight through. State: buckets with traffic and pending network findings,
 * each only until the watermark passes their window (timers clear them).
 */
public class NetworkTrafficJoin
    extends KeyedCoProcessFunction<String, Finding, MetricBucket, FindingWithTraffic> {
  private static final long serialVersionUID = 1L;

  static final MapStateDescriptor<Long, MetricBucket> TRAFFIC =
      new MapStateDescriptor<>(
          "es-window-traffic", Types.LONG, TypeInformation.of(MetricBucket.class));
  static final ListStateDescriptor<Finding> PENDING =
      new ListStateDescriptor<>("es-pending-network-findings", TypeInformation.of(Finding.class));

  private transient MapState<Long, MetricBucket> traffic;
  private transient ListState<Finding> pending;

  @Override
  public void open(Configuration parameters) {
    traffic = getRuntimeContext().getMapState(TRAFFIC);
    pending = getRuntimeContext().getListState(PENDING);
  }

  @Override
  public void processElement1(Finding f, Context ctx, Collector<FindingWithTraffic> out)
      throws Exception {
    if (!EcsDocuments.isNetwork(f.type)) {
      out.collect(new FindingWithTraffic(f, null));
    } else if (f.windowEnd <= ctx.timerService().currentWatermark()) {
      out.collect(new FindingWithTraffic(f, traffic.get(f.windowEnd))); // late: join what is here
    } else {
      pending.add(f);
      ctx.timerService().registerEventTimeTimer(f.windowEnd);
    }
  }

  @Override
  public void processElement2(MetricBucket b, Context ctx, Collector<FindingWithTraffic> out)
      throws Exception {
    if (!hasTraffic(b) || b.bucketEnd <= ctx.timerService().currentWatermark()) return;
    traffic.put(b.bucketEnd, b);
    ctx.timerService().registerEventTimeTimer(b.bucketEnd);
  }

  static boolean hasTraffic(MetricBucket b) {
    return b.flows > 0 || b.egressBytes > 0 || b.packets > 0;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FindingWithTraffic> out)
      throws Exception {
    List<Finding> later = new ArrayList<>();
    Iterable<Finding> waiting = pending.get();
    if (waiting != null) {
      for (Finding f : waiting) {
        if (f.windowEnd <= timestamp)
          out.collect(new FindingWithTraffic(f, traffic.get(f.windowEnd)));
        else later.add(f);
      }
    }
    if (later.isEmpty()) pending.clear();
    else pending.update(later);
    Iterator<Map.Entry<Long, MetricBucket>> it = traffic.iterator();
    while (it.hasNext()) {
      if (it.next().getKey() <= timestamp) it.remove();
    }
    if (traffic.isEmpty()) traffic.clear(); // drops the key's (empty) map too
  }
}
