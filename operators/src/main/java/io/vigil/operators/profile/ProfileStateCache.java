package io.vigil.operators.profile;

import io.vigil.models.profile.BucketAccumulator;
import io.vigil.operators.CachedValue;
import io.vigil.operators.KeyedWriteBackCache;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Write-back cache of the profile state: a function's values are read from keyed state at their
 * first access after the last flush, then changed in memory; {@link #flush} writes every changed
 * value back to the same keyed state (switching the current key for each function) and empties the
 * cache. {@link ProfileOperator} flushes before each checkpoint barrier, at the end of input and
 * when more than a bound of functions is cached, so every snapshot holds exactly what the uncached
 * {@link KeyedProfileState} would have. On RocksDB each access there is a JNI call and a
 * (de)serialisation of the value; here it is one per function and flush.
 */
final class ProfileStateCache implements ProfileState {
  private final KeyedProfileState keyed;
  private final KeyedWriteBackCache<CachedProfile> functions;

  ProfileStateCache(KeyedProfileState keyed, KeyContext keys) {
    this.keyed = keyed;
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
    // A loaded start maps to its bucket, or to null when the function has none there.
    if (!p.buckets.containsKey(start)) p.buckets.put(start, keyed.bucket(start));
    return p.buckets.get(start);
  }

  @Override
  public void putBucket(BucketAccumulator bucket) {
    CachedProfile p = current();
    p.buckets.put(bucket.bucketStart, bucket);
    p.dirtyBuckets.add(bucket.bucketStart);
  }

  @Override
  public void removeBucket(long start) {
    CachedProfile p = current();
    p.buckets.put(start, null);
    p.dirtyBuckets.add(start);
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
    final CachedValue<long[]> known = new CachedValue<>();
    final Map<Long, BucketAccumulator> buckets = new HashMap<>(4);
    final Set<Long> dirtyBuckets = new HashSet<>(4);

    void writeTo(KeyedProfileState keyed) throws Exception {
      lastSeen.writeBack(keyed::setLastSeen);
      closedThrough.writeBack(keyed::setClosedThrough);
      known.writeBack(keyed::setKnownDestinations);
      for (Long start : dirtyBuckets) {
        BucketAccumulator bucket = buckets.get(start);
        if (bucket == null) keyed.removeBucket(start);
        else keyed.putBucket(bucket);
      }
    }
  }
}
