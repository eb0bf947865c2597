package io.vigil.operators.detect;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.StateCacheBound;
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
 * than {@code maxCachedFunctions} functions are cached, which bounds its memory (configured or, by
 * default, derived from the heap: {@link StateCacheBound}).
 */
public class DetectOperator
    extends CoBroadcastWithKeyedOperator<String, MetricBucket, ControlEvent, Finding> {
  private static final long serialVersionUID = 1L;

  /**
   * Heap estimate per cached function, for the automatic bound: a trained baseline ({@link
   * FunctionBaseline#HEAP_BYTES_ESTIMATE}) and as much again for open incidents, budget totals and
   * the entry around them.
   */
  public static final long BYTES_PER_CACHED_FUNCTION = 2 * FunctionBaseline.HEAP_BYTES_ESTIMATE;

  /**
   * Default share of the heap per task slot the cache may use under the automatic bound: it holds
   * only the functions seen since the last checkpoint, as every checkpoint empties it.
   */
  public static final double DEFAULT_HEAP_SHARE = 0.05;

  private final int configuredBound;
  private final double heapShare;
  private transient int maxCachedFunctions;
  private transient DetectStateCache cache;

  /** With the automatic bound ({@link StateCacheBound#AUTO}) at the default heap share. */
  public DetectOperator(DetectFunction function) {
    this(function, StateCacheBound.AUTO, DEFAULT_HEAP_SHARE);
  }

  public DetectOperator(DetectFunction function, int maxCachedFunctions) {
    this(function, maxCachedFunctions, DEFAULT_HEAP_SHARE);
  }

  /**
   * {@code maxCachedFunctions}: the cache's bound, or {@link StateCacheBound#AUTO} for {@code
   * heapShare} of the heap per task slot at {@link #BYTES_PER_CACHED_FUNCTION} each.
   */
  public DetectOperator(DetectFunction function, int maxCachedFunctions, double heapShare) {
    super(function, Arrays.asList(ControlState.all()));
    StateCacheBound.check(maxCachedFunctions, heapShare);
    this.configuredBound = maxCachedFunctions;
    this.heapShare = heapShare;
  }

  @Override
  public void open() throws Exception {
    super.open(); // opens the function, which creates its keyed state
    cache = ((DetectFunction) getUserFunction()).cacheState(this);
    maxCachedFunctions =
        StateCacheBound.inForce(this, configuredBound, heapShare, BYTES_PER_CACHED_FUNCTION);
  }

  /** The bound in force (after {@link #open}). */
  int maxCachedFunctions() {
    return maxCachedFunctions;
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
