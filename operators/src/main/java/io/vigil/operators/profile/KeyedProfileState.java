package io.vigil.operators.profile;

import io.vigil.models.profile.BucketAccumulator;
import io.vigil.operators.StateDescriptors;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/** The profile state straight in Flink's keyed state: every call is a state access. */
final class KeyedProfileState implements ProfileState {
  private final MapState<Long, BucketAccumulator> openBuckets;
  private final ValueState<long[]> knownDestinations;
  private final ValueState<Long> lastSeen;
  private final ValueState<Long> closedThrough;
  private final ValueState<Long> idleTimer;

  KeyedProfileState(RuntimeContext context) {
    openBuckets = context.getMapState(StateDescriptors.openBuckets());
    knownDestinations = context.getState(StateDescriptors.knownDestinations());
    lastSeen = context.getState(StateDescriptors.lastSeen());
    closedThrough = context.getState(StateDescriptors.closedThrough());
    idleTimer = context.getState(StateDescriptors.idleTimer());
  }

  @Override
  public Long lastSeen() throws Exception {
    return lastSeen.value();
  }

  @Override
  public void setLastSeen(long timestamp) throws Exception {
    lastSeen.update(timestamp);
  }

  @Override
  public Long closedThrough() throws Exception {
    return closedThrough.value();
  }

  @Override
  public void setClosedThrough(long bucketEnd) throws Exception {
    closedThrough.update(bucketEnd);
  }

  @Override
  public Long idleTimer() throws Exception {
    return idleTimer.value();
  }

  @Override
  public void setIdleTimer(long timestamp) throws Exception {
    idleTimer.update(timestamp);
  }

  @Override
  public long[] knownDestinations() throws Exception {
    return knownDestinations.value();
  }

  @Override
  public void setKnownDestinations(long[] words) throws Exception {
    knownDestinations.update(words);
  }

  @Override
  public BucketAccumulator bucket(long start) throws Exception {
    return openBuckets.get(start);
  }

  @Override
  public void putBucket(BucketAccumulator bucket) throws Exception {
    openBuckets.put(bucket.bucketStart, bucket);
  }

  @Override
  public void removeBucket(long start) throws Exception {
    openBuckets.remove(start);
  }

  @Override
  public Iterator<Map.Entry<Long, BucketAccumulator>> buckets() throws Exception {
    return openBuckets.iterator();
  }

  @Override
  public void clearBuckets() {
    openBuckets.clear();
  }

  @Override
  public void evict() {
    lastSeen.clear();
    closedThrough.clear();
    idleTimer.clear();
    knownDestinations.clear();
  }
}
