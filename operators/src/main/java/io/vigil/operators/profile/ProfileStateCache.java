package io.vigil.operators.profile;

import io.vigil.models.profile.BucketAccumulator;
import io.vigil.operators.CachedValue;
import io.vigil.operators.KeyedWriteBackCache;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Write-back cache of the profile state: a function's values are read from keyed state at their
 * first access, then changed in memory; {@link #flush} writes every changed value back to the same
 * keyed state (switching the current key for each function) and empties the cache. {@link
 * ProfileOperator} writes back before each checkpoint barrier, at the end of input and when more
 * than a bound of functions is cached, so every snapshot holds exactly what the uncached {@link
 * KeyedProfileState} would have. On RocksDB each access there is a JNI call and a (de)serialisation
 * of the value; here it is one per function and flush.
 *
 * <p>Buckets cost keyed-state accesses only where keyed state must change: a bucket opened and
 * closed between two write-backs is never written, nor deleted (on RocksDB a delete is a tombstone
 * that checkpoints carry until compaction), and a function that had no state when the cache met it
 * ({@link #trustNewFunctions}) has every open bucket in the cache, so opening a bucket reads
 * nothing. {@link #checkpoint} keeps the entries when the backend copies values on write (RocksDB),
 * so functions are not read again after every checkpoint.
 */
final class ProfileStateCache implements ProfileState {
  private final ProfileState keyed;
  private final KeyedWriteBackCache<CachedProfile> functions;

  /**
   * Whether a function without a last-seen time has no open bucket in keyed state: true unless the
   * job was restored from a savepoint whose buckets may lack a timer (and so may outlive eviction).
   */
  private final boolean trustNewFunctions;

  /** Whether entries may outlive a checkpoint's write-back (the backend copies values on write). */
  private final boolean keepOnCheckpoint;

  ProfileStateCache(
      ProfileState keyed, KeyContext keys, boolean trustNewFunctions, boolean keepOnCheckpoint) {
    this.keyed = keyed;
    this.trustNewFunctions = trustNewFunctions;
    this.keepOnCheckpoint = keepOnCheckpoint;
    this.functions = new KeyedWriteBackCache<>(keys, CachedProfile::new, f -> f.writeTo(keyed));
  }

  /** Functions cached now. */
  int size() {
    return functions.size();
  }

  /** Writes every changed value back to keyed state and empties the cache. */
  void flush() throws Exception {
    functions.flush();
  }

  /** Before a checkpoint: writes every changed value back; keeps the entries where that is safe. */
  void checkpoint() throws Exception {
    if (keepOnCheckpoint) functions.writeBackAll();
    else functions.flush();
  }

  private CachedProfile current() {
    return functions.current();
  }

  @Override
  public Long lastSeen() throws Exception {
    return current().lastSeen.get(keyed::lastSeen);
  }

  @Override
  public void setLastSeen(long timestamp) {
    current().lastSeen.set(timestamp);
  }

  @Override
  public Long closedThrough() throws Exception {
    return current().closedThrough.get(keyed::closedThrough);
  }

  @Override
  public void setClosedThrough(long bucketEnd) {
    current().closedThrough.set(bucketEnd);
  }

  @Override
  public Long idleTimer() throws Exception {
    return current().idleTimer.get(keyed::idleTimer);
  }

  @Override
  public void setIdleTimer(long timestamp) {
    current().idleTimer.set(timestamp);
  }

  @Override
  public long[] knownDestinations() throws Exception {
    return current().known.get(keyed::knownDestinations);
  }

  @Override
  public void setKnownDestinations(long[] words) {
    current().known.set(words);
  }

  @Override
  public BucketAccumulator bucket(long start) throws Exception {
    CachedProfile p = current();
    BucketAccumulator cached = p.buckets.get(start);
    if (cached != null || p.buckets.containsKey(start) || complete(p)) return cached;
    // A loaded start maps to its bucket, or to null when the function has none there.
    BucketAccumulator loaded = keyed.bucket(start);
    p.buckets.put(start, loaded);
    if (loaded != null) p.stored.add(start);
    return loaded;
  }

  /**
   * Whether every open bucket of the function is in its entry: decided at the entry's first bucket
   * access, before anything changed its last-seen time. A function without one has no state.
   */
  private boolean complete(CachedProfile p) throws Exception {
    if (p.complete == null) p.complete = trustNewFunctions && lastSeen() == null;
    return p.complete;
  }

  @Override
  public void putBucket(BucketAccumulator bucket) {
    CachedProfile p = current();
    p.buckets.put(bucket.bucketStart, bucket);
    p.dirtyBuckets.add(bucket.bucketStart);
  }

  @Override
  public void removeBucket(long start) throws Exception {
    CachedProfile p = current();
    if (p.stored.contains(start)) {
      p.buckets.put(start, null);
      p.dirtyBuckets.add(start);
      return;
    }
    // Never written: keyed state has nothing to delete.
    p.dirtyBuckets.remove(start);
    if (complete(p)) p.buckets.remove(start);
    else p.buckets.put(start, null);
  }

  /** Iterates keyed state itself, after writing the function's changes back (legacy path only). */
  @Override
  public Iterator<Map.Entry<Long, BucketAccumulator>> buckets() throws Exception {
    functions.writeBackCurrent();
    return keyed.buckets();
  }

  @Override
  public void clearBuckets() throws Exception {
    functions.writeBackCurrent();
    keyed.clearBuckets();
  }

  /**
   * Writes the function's bucket changes back, clears its values in keyed state at once and drops
   * the entry, so no later flush can bring an evicted value back.
   */
  @Override
  public void evict() throws Exception {
    functions.writeBackCurrent();
    keyed.evict();
  }

  /** One function's cached values: loaded lazily, each written back only when changed. */
  private static final class CachedProfile {
    final CachedValue<Long> lastSeen = new CachedValue<>();
    final CachedValue<Long> closedThrough = new CachedValue<>();
    final CachedValue<Long> idleTimer = new CachedValue<>();
    final CachedValue<long[]> known = new CachedValue<>();

    /**
     * Open buckets by start; null: known to be absent (deleted at the next write-back if stored).
     */
    final Map<Long, BucketAccumulator> buckets = new HashMap<>(4);

    final Set<Long> dirtyBuckets = new HashSet<>(4);

    /** Starts of the buckets keyed state holds: loaded from it or written back to it. */
    final Set<Long> stored = new HashSet<>(4);

    /** Whether {@link #buckets} holds every open bucket; null until decided. */
    Boolean complete;

    /** Writes the changes back; the entry is clean after, and absent buckets are forgotten. */
    void writeTo(ProfileState keyed) throws Exception {
      lastSeen.writeBack(keyed::setLastSeen);
      closedThrough.writeBack(keyed::setClosedThrough);
      idleTimer.writeBack(keyed::setIdleTimer);
      known.writeBack(keyed::setKnownDestinations);
      for (Long start : dirtyBuckets) {
        BucketAccumulator bucket = buckets.get(start);
        if (bucket == null) {
          keyed.removeBucket(start);
          stored.remove(start);
        } else {
          keyed.putBucket(bucket);
          stored.add(start);
        }
      }
      dirtyBuckets.clear();
      // Null entries only answer reads; keyed state now answers them the same way.
      buckets.values().removeIf(Objects::isNull);
    }
  }
}
