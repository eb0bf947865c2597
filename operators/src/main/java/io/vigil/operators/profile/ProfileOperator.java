package io.vigil.operators.profile;

import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.StateCacheBound;
import io.vigil.operators.combine.ProfileInput;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs {@link ProfileFunction} with its keyed state behind a write-back cache ({@link
 * ProfileStateCache}): a function's state is read once after each flush and written back once, not
 * on every run and timer (on RocksDB ~8 JNI calls and (de)serialisations per run). The cache is
 * flushed to the same keyed states before each checkpoint barrier (so checkpoints and savepoints
 * hold exactly what the function alone would write: state names, serializers and savepoint
 * compatibility unchanged), at the end of input, and whenever more than {@code maxCachedFunctions}
 * functions are cached, which bounds its memory. On RocksDB the entries outlive the write-back
 * before a checkpoint (it serialises values on write), so active functions are not read again after
 * every checkpoint; on the heap backend that write-back empties the cache. Timers stay in Flink's
 * timer service, registered and deleted at the same moments as without the cache. The bound is
 * configured or, by default, derived from the heap ({@link StateCacheBound}).
 */
public class ProfileOperator extends KeyedProcessOperator<String, ProfileInput, MetricBucket> {
  private static final long serialVersionUID = 1L;

  /**
   * Heap estimate per cached function, for the automatic bound: two open buckets of a busy function
   * (sketches sized for their full range, ~1.7-2.8 KB each), its Bloom filter of known destinations
   * and the maps around them; {@code ProfileStateCacheTest} measures a busy function at ~5.4 KB.
   */
  public static final long BYTES_PER_CACHED_FUNCTION = 8 * 1024;

  /** Default share of the heap per task slot the cache may use under the automatic bound. */
  public static final double DEFAULT_HEAP_SHARE = 0.1;

  private final int configuredBound;
  private final double heapShare;
  private transient int maxCachedFunctions;
  private transient ProfileStateCache cache;

  /** With the automatic bound ({@link StateCacheBound#AUTO}) at the default heap share. */
  public ProfileOperator(ProfileFunction function) {
    this(function, StateCacheBound.AUTO, DEFAULT_HEAP_SHARE);
  }

  public ProfileOperator(ProfileFunction function, int maxCachedFunctions) {
    this(function, maxCachedFunctions, DEFAULT_HEAP_SHARE);
  }

  /**
   * {@code maxCachedFunctions}: the cache's bound, or {@link StateCacheBound#AUTO} for {@code
   * heapShare} of the heap per task slot at {@link #BYTES_PER_CACHED_FUNCTION} each.
   */
  public ProfileOperator(ProfileFunction function, int maxCachedFunctions, double heapShare) {
    super(function);
    StateCacheBound.check(maxCachedFunctions, heapShare);
    this.configuredBound = maxCachedFunctions;
    this.heapShare = heapShare;
  }

  @Override
  public void open() throws Exception {
    super.open(); // opens the function, which creates its keyed state
    // RocksDB serialises values on write; the heap backend keeps the objects the cache changes.
    boolean copiesOnWrite = getKeyedStateBackend().isSafeToReuseKVState();
    cache = ((ProfileFunction) getUserFunction()).cacheState(this, copiesOnWrite);
    maxCachedFunctions =
        StateCacheBound.inForce(this, configuredBound, heapShare, BYTES_PER_CACHED_FUNCTION);
  }

  /** The bound in force (after {@link #open}). */
  int maxCachedFunctions() {
    return maxCachedFunctions;
  }

  @Override
  public void processElement(StreamRecord<ProfileInput> element) throws Exception {
    super.processElement(element);
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
    cache.checkpoint();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    cache.flush();
    super.finish();
  }
}
