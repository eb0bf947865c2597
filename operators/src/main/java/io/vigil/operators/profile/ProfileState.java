package io.vigil.operators.profile;

import io.vigil.models.profile.BucketAccumulator;
import io.vigil.operators.IdleTimerState;
import java.util.Iterator;
import java.util.Map;

/**
 * A function's profile state, for the current key: its open buckets, last-seen time, end of the
 * newest emitted bucket, pending idle timer and Bloom filter of known destinations. {@link
 * KeyedProfileState} reads and writes Flink's keyed state on every call; {@link ProfileStateCache}
 * keeps active functions in memory and writes them back to the same keyed state before each
 * checkpoint barrier.
 */
interface ProfileState extends IdleTimerState {
  Long lastSeen() throws Exception;

  void setLastSeen(long timestamp) throws Exception;

  Long closedThrough() throws Exception;

  void setClosedThrough(long bucketEnd) throws Exception;

  /** The Bloom filter's words, or null when the function has none yet. */
  long[] knownDestinations() throws Exception;

  void setKnownDestinations(long[] words) throws Exception;

  /** The open bucket starting at {@code start}, or null. */
  BucketAccumulator bucket(long start) throws Exception;

  void putBucket(BucketAccumulator bucket) throws Exception;

  void removeBucket(long start) throws Exception;

  /** Every open bucket, removable through the iterator (only the legacy idle timer iterates). */
  Iterator<Map.Entry<Long, BucketAccumulator>> buckets() throws Exception;

  void clearBuckets() throws Exception;

  /**
   * Clears last-seen, closed-through, the idle timer and the known destinations: the function went
   * idle.
   */
  void evict() throws Exception;
}
