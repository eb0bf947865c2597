package io.vigil.operators.detect;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import java.util.Arrays;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs {@link DetectFunction} (Flink's own operator for a keyed stream connected to a broadcast,
 * with the control broadcast's state descriptors) with its keyed state behind a write-back cache
 * ({@link DetectStateCache}): a function's baseline, open incidents, last bucket end, idle timer
 * and budget totals are read once after each flush and written back once, not on every bucket (on
 * RocksDB ~7 JNI calls and (de)serialisations per bucket, among them a few hundred bytes of
 * baseline read and written). The cache is flushed to the same keyed states before each checkpoint
 * barrier (so checkpoints and savepoints hold exactly what the function alone would write: state
 * names, serializers and savepoint compatibility unchanged), at the end of input, and whenever more
 * than {@code maxCachedFunctions} functions are cached, which bounds its memory.
 */
public class DetectOperator
    extends CoBroadcastWithKeyedOperator<String, MetricBucket, ControlEvent, Finding> {
  private static final long serialVersionUID = 1L;

  /** Default bound on cached functions: a baseline is ~0.5-2 KB, so at most ~2-8 MB a subtask. */
  public static final int DEFAULT_MAX_CACHED_FUNCTIONS = 4_096;

  private final int maxCachedFunctions;
  private transient DetectStateCache cache;

  public DetectOperator(DetectFunction function) {
    this(function, DEFAULT_MAX_CACHED_FUNCTIONS);
  }

  public DetectOperator(DetectFunction function, int maxCachedFunctions) {
    super(function, Arrays.asList(ControlState.all()));
    if (maxCachedFunctions < 1) throw new IllegalArgumentException("cache bound must be positive");
    this.maxCachedFunctions = maxCachedFunctions;
  }

  @Override
  public void open() throws Exception {
    super.open(); // opens the function, which creates its keyed state
    cache = ((DetectFunction) getUserFunction()).cacheState(this);
  }

  @Override
  public void processElement1(StreamRecord<MetricBucket> element) throws Exception {
    super.processElement1(element);
    flushIfFull();
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    super.onEventTime(timer);
    flushIfFull();
  }

  private void flushIfFull() throws Exception {
    if (cache.size() > maxCachedFunctions) cache.flush();
  }

  /** Before the barrier: the snapshot that follows must hold every cached change. */
  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    cache.flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    cache.flush();
    super.finish();
  }
}
