package io.vigil.operators.profile;

import io.vigil.models.finding.MetricBucket;
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
 * timer service, registered and deleted at the same moments as without the cache.
 */
public class ProfileOperator extends KeyedProcessOperator<String, ProfileInput, MetricBucket> {
  private static final long serialVersionUID = 1L;

  /**
   * Default bound on cached functions: at ~1-5 KB of live buckets and Bloom filter each, at most
   * ~4-20 MB per subtask. Not yet a job option (a constructor parameter).
   */
  public static final int DEFAULT_MAX_CACHED_FUNCTIONS = 4_096;

  private final int maxCachedFunctions;
  private transient ProfileStateCache cache;

  public ProfileOperator(ProfileFunction function) {
    this(function, DEFAULT_MAX_CACHED_FUNCTIONS);
  }

  public ProfileOperator(ProfileFunction function, int maxCachedFunctions) {
    super(function);
    if (maxCachedFunctions < 1) throw new IllegalArgumentException("cache bound must be positive");
    this.maxCachedFunctions = maxCachedFunctions;
  }

  @Override
  public void open() throws Exception {
    super.open(); // opens the function, which creates its keyed state
    // RocksDB serialises values on write; the heap backend keeps the objects the cache changes.
    boolean copiesOnWrite = getKeyedStateBackend().isSafeToReuseKVState();
    cache = ((ProfileFunction) getUserFunction()).cacheState(this, copiesOnWrite);
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
