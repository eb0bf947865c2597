package io.vigil.operators.combine;

import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.profile.FlowRun;
import io.vigil.models.profile.InvocationRun;
import io.vigil.models.profile.PriceTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Pre-aggregation before the profile shuffle, chained to the decode stage: folds each function's
 * consecutive invocations of one bucket into an {@link InvocationRun} and its consecutive flows of
 * one bucket into a {@link FlowRun}, so {@code keyBy} carries one record per function, bucket and
 * flush instead of one per event (a function's invocation and flow runs of one bucket travel
 * together when nothing else of the function came between their starts). Billing rows pass through,
 * in order.
 *
 * <p>The profile operator computes exactly what it would have without this operator. Invocations,
 * flows and billing rows fold into disjoint fields of a bucket, so only the order within each kind
 * matters, and each kind keeps it: runs of one kind are consecutive events of that kind (a run ends
 * at a bucket change, a billing row ends both of its function's runs), emitted in the order they
 * started; the buffer is emitted before any watermark that crosses a bucket end. Every timer of the
 * profile operator sits at a bucket end and lateness only changes there, so between two such
 * watermarks the profile operator's decisions cannot depend on where runs were cut. The buffer is
 * also emitted on a size bound, before each checkpoint barrier (so it holds nothing that a
 * checkpoint would have to keep: nothing lost, nothing doubled), when the input goes idle and at
 * the end.
 */
public class ProfileCombiner extends AbstractStreamOperator<ProfileInput>
    implements OneInputStreamOperator<TelemetryEvent, ProfileInput> {
  private static final long serialVersionUID = 1L;

  public static final String UID = "profile-combine";
  public static final String NAME = "Pre-aggregate invocations per function";

  private final long bucketMs;
  private final int maxBufferedEvents;
  private final PriceTable prices;

  /**
   * A buffered run of one function's invocations, of its flows, or both when they are of one bucket
   * and nothing else of the function came between the first event of the one and of the other: one
   * record across {@code keyBy} and one bucket update instead of two. {@code flowsFirst}: which run
   * started first (the profile operator applies them in that order).
   */
  private static final class KeyedRuns {
    final String key;
    InvocationRun run;
    FlowRun flows;
    boolean flowsFirst;

    KeyedRuns(String key) {
      this.key = key;
    }

    long newest() {
      long n = run == null ? Long.MIN_VALUE : run.newest;
      return flows == null ? n : Math.max(n, flows.newest);
    }
  }

  /** Runs ({@link KeyedRuns}) and passed-through events in arrival order. */
  private transient List<Object> buffer;

  /** Each function's open run of invocations (in its last or an earlier {@link #buffer} item). */
  private transient Map<String, InvocationRun> openRuns;

  /** Each function's open run of flows (in its last or an earlier {@link #buffer} item). */
  private transient Map<String, FlowRun> openFlowRuns;

  /**
   * Each function's last item in {@link #buffer}: only that one may take a run of the other kind.
   */
  private transient Map<String, Object> lastItems;

  private transient int buffered;
  private transient long lastWatermark;
  private transient Counter eventsIn;
  private transient Counter recordsOut;

  /**
   * @param maxBufferedEvents events held before a flush; 0 passes every event through on its own
   */
  public ProfileCombiner(long bucketMs, int maxBufferedEvents, PriceTable prices) {
    if (bucketMs <= 0) throw new IllegalArgumentException("bucket size must be positive");
    if (maxBufferedEvents < 0) throw new IllegalArgumentException("buffer bound must be >= 0");
    this.bucketMs = bucketMs;
    this.maxBufferedEvents = maxBufferedEvents;
    this.prices = prices;
    setChainingStrategy(ChainingStrategy.ALWAYS);
  }

  @Override
  public void open() throws Exception {
    super.open();
    buffer = new ArrayList<>();
    openRuns = new HashMap<>();
    openFlowRuns = new HashMap<>();
    lastItems = new HashMap<>();
    lastWatermark = Long.MIN_VALUE;
    eventsIn = getMetricGroup().counter("combinedEventsIn");
    recordsOut = getMetricGroup().counter("combinedRecordsOut");
  }

  @Override
  public void processElement(StreamRecord<TelemetryEvent> element) throws Exception {
    TelemetryEvent e = element.getValue();
    eventsIn.inc();
    if (maxBufferedEvents == 0) { // combining off: every event on its own, as it comes
      output.collect(new StreamRecord<>(ProfileInput.of(e), e.timestamp));
      recordsOut.inc();
      return;
    }
    if (e.invocation != null) {
      long start = Math.floorDiv(e.timestamp, bucketMs) * bucketMs;
      InvocationRun run = openRuns.get(e.key);
      if (run == null || run.bucketStart != start) {
        run = new InvocationRun(start);
        openRuns.put(e.key, run);
        KeyedRuns item = lastItems.get(e.key) instanceof KeyedRuns k ? k : null;
        if (item != null && item.run == null && item.flows.bucketStart == start) {
          item.run = run;
          item.flowsFirst = true;
        } else {
          buffer(e.key, new KeyedRuns(e.key)).run = run;
        }
      }
      run.add(e.invocation, e.timestamp, prices);
    } else if (e.flow != null) {
      long start = Math.floorDiv(e.timestamp, bucketMs) * bucketMs;
      FlowRun run = openFlowRuns.get(e.key);
      if (run == null || run.bucketStart != start) {
        run = new FlowRun(start);
        openFlowRuns.put(e.key, run);
        KeyedRuns item = lastItems.get(e.key) instanceof KeyedRuns k ? k : null;
        if (item != null && item.flows == null && item.run.bucketStart == start) {
          item.flows = run;
        } else {
          buffer(e.key, new KeyedRuns(e.key)).flows = run;
        }
      }
      run.add(e.flow, e.timestamp);
    } else {
      // the function's next invocation or flow starts a new run after this event
      openRuns.remove(e.key);
      openFlowRuns.remove(e.key);
      buffer(e.key, e);
    }
    if (++buffered >= maxBufferedEvents) flush();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (crossesBucketEnd(lastWatermark, mark.getTimestamp())) flush();
    lastWatermark = Math.max(lastWatermark, mark.getTimestamp());
    super.processWatermark(mark);
  }

  /** Whether a bucket's last millisecond lies in (from, to]: where profile timers fire. */
  boolean crossesBucketEnd(long from, long to) {
    if (to <= from) return false;
    if (to == Long.MAX_VALUE) return true;
    return Math.floorDiv(to + 1, bucketMs) > Math.floorDiv(from + 1, bucketMs);
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) throws Exception {
    if (status.isIdle()) flush(); // downstream watermarks may now pass without this input
    super.processWatermarkStatus(status);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private <T> T buffer(String key, T item) {
    buffer.add(item);
    lastItems.put(key, item);
    return item;
  }

  private void flush() {
    for (Object item : buffer) {
      if (item instanceof KeyedRuns k) {
        output.collect(
            new StreamRecord<>(ProfileInput.of(k.key, k.run, k.flows, k.flowsFirst), k.newest()));
      } else {
        TelemetryEvent e = (TelemetryEvent) item;
        output.collect(new StreamRecord<>(ProfileInput.of(e), e.timestamp));
      }
      recordsOut.inc();
    }
    buffer.clear();
    openRuns.clear();
    openFlowRuns.clear();
    lastItems.clear();
    buffered = 0;
  }
}
