package io.vigil.operators.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.profile.BucketAccumulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.junit.jupiter.api.Test;

/**
 * {@link ProfileStateCache}'s accesses to keyed state: what it must read and write, and what it
 * must not (a bucket opened and closed between write-backs, reads of a new function's buckets,
 * reads again after a checkpoint when the backend copies values on write). Outputs, timers and
 * snapshots against the uncached function are {@link ProfileOperatorTest}'s.
 */
class ProfileStateCacheTest {
  private static final long MINUTE = 60_000;

  private final Keys keys = new Keys();
  private final RecordingState keyed = new RecordingState(keys);

  @Test
  void aNewFunctionsBucketOpenedAndClosedBetweenWriteBacksCostsNoBucketAccess() throws Exception {
    ProfileStateCache cache = new ProfileStateCache(keyed, keys, true, true);
    keys.setCurrentKey("f");
    for (long start = 0; start < 5 * MINUTE; start += MINUTE) {
      assertThat(cache.bucket(start)).isNull();
      cache.putBucket(bucket(start));
      cache.setLastSeen(start + 1);
      assertThat(cache.bucket(start)).isNotNull();
      cache.removeBucket(start);
      assertThat(cache.bucket(start)).isNull();
    }
    cache.checkpoint();
    assertThat(keyed.log).containsExactly("f get lastSeen", "f set lastSeen");
    assertThat(keyed.values.get("f").buckets).isEmpty();
  }

  @Test
  void anOpenBucketIsWrittenAtTheWriteBackAndDeletedAtTheNextAfterItClosed() throws Exception {
    ProfileStateCache cache = new ProfileStateCache(keyed, keys, true, true);
    keys.setCurrentKey("f");
    assertThat(cache.bucket(0)).isNull();
    cache.putBucket(bucket(0));
    cache.setLastSeen(1);
    cache.checkpoint();
    assertThat(keyed.values.get("f").buckets).containsOnlyKeys(0L);
    keyed.log.clear();
    cache.bucket(0).invocations = 7;
    cache.putBucket(cache.bucket(0));
    cache.removeBucket(0);
    assertThat(cache.bucket(0)).isNull();
    cache.checkpoint();
    assertThat(keyed.log).containsExactly("f remove 0"); // kept entry: nothing read again
    assertThat(keyed.values.get("f").buckets).isEmpty();
  }

  @Test
  void aFunctionWithStateReadsEachBucketItOpensAndDeletesOnlyWhatKeyedStateHolds()
      throws Exception {
    keys.setCurrentKey("f");
    keyed.setLastSeen(1);
    keyed.putBucket(bucket(0));
    keyed.log.clear();
    ProfileStateCache cache = new ProfileStateCache(keyed, keys, true, true);
    assertThat(cache.bucket(0)).isNotNull();
    assertThat(cache.bucket(MINUTE)).isNull();
    cache.putBucket(bucket(MINUTE));
    cache.removeBucket(0);
    cache.removeBucket(MINUTE);
    cache.checkpoint();
    assertThat(keyed.log).containsExactly("f get lastSeen", "f get 0", "f get 60000", "f remove 0");
  }

  @Test
  void withoutTrustInNewFunctionsEveryOpenedBucketIsRead() throws Exception {
    ProfileStateCache cache = new ProfileStateCache(keyed, keys, false, true);
    keys.setCurrentKey("f");
    assertThat(cache.bucket(0)).isNull();
    assertThat(cache.bucket(MINUTE)).isNull();
    assertThat(keyed.log).containsExactly("f get 0", "f get 60000");
  }

  @Test
  void onTheHeapEveryCheckpointEmptiesTheCacheAndValuesAreReadAgain() throws Exception {
    for (boolean keep : new boolean[] {false, true}) {
      RecordingState state = new RecordingState(keys);
      ProfileStateCache cache = new ProfileStateCache(state, keys, true, keep);
      keys.setCurrentKey("f");
      cache.setLastSeen(cache.lastSeen() == null ? 1 : 2);
      cache.checkpoint();
      assertThat(cache.size()).isEqualTo(keep ? 1 : 0);
      assertThat(cache.lastSeen()).isEqualTo(1L);
      long reads = state.log.stream().filter("f get lastSeen"::equals).count();
      assertThat(reads).as("keep %s", keep).isEqualTo(keep ? 1 : 2);
    }
  }

  @Test
  void aFlushEmptiesTheCacheWhateverTheBackend() throws Exception {
    ProfileStateCache cache = new ProfileStateCache(keyed, keys, true, true);
    for (String k : List.of("a", "b")) {
      keys.setCurrentKey(k);
      cache.putBucket(bucket(0));
      cache.setLastSeen(1);
    }
    cache.flush();
    assertThat(cache.size()).isZero();
    assertThat(keyed.values.get("a").buckets).containsOnlyKeys(0L);
    assertThat(keyed.values.get("b").buckets).containsOnlyKeys(0L);
    assertThat(keys.getCurrentKey()).isEqualTo("b");
  }

  private static BucketAccumulator bucket(long start) {
    return new BucketAccumulator("f", start, start + MINUTE);
  }

  /** The current key, as an operator holds it. */
  private static final class Keys implements KeyContext {
    private Object key;

    @Override
    public void setCurrentKey(Object key) {
      this.key = key;
    }

    @Override
    public Object getCurrentKey() {
      return key;
    }
  }

  /** Keyed profile state in maps, logging every access but the cache's writes of clean values. */
  private static final class RecordingState implements ProfileState {
    final Keys keys;
    final Map<Object, Values> values = new HashMap<>();
    final List<String> log = new ArrayList<>();

    RecordingState(Keys keys) {
      this.keys = keys;
    }

    private Values v(String access) {
      log.add(keys.getCurrentKey() + " " + access);
      return values.computeIfAbsent(keys.getCurrentKey(), k -> new Values());
    }

    @Override
    public Long lastSeen() {
      return v("get lastSeen").lastSeen;
    }

    @Override
    public void setLastSeen(long timestamp) {
      v("set lastSeen").lastSeen = timestamp;
    }

    @Override
    public Long closedThrough() {
      return v("get closedThrough").closedThrough;
    }

    @Override
    public void setClosedThrough(long bucketEnd) {
      v("set closedThrough").closedThrough = bucketEnd;
    }

    @Override
    public long[] knownDestinations() {
      return v("get known").known;
    }

    @Override
    public void setKnownDestinations(long[] words) {
      v("set known").known = words;
    }

    @Override
    public BucketAccumulator bucket(long start) {
      return v("get " + start).buckets.get(start);
    }

    @Override
    public void putBucket(BucketAccumulator bucket) {
      v("put " + bucket.bucketStart).buckets.put(bucket.bucketStart, bucket);
    }

    @Override
    public void removeBucket(long start) {
      v("remove " + start).buckets.remove(start);
    }

    @Override
    public Iterator<Map.Entry<Long, BucketAccumulator>> buckets() {
      return v("iterate").buckets.entrySet().iterator();
    }

    @Override
    public void clearBuckets() {
      v("clear").buckets.clear();
    }

    @Override
    public void evict() {
      Values x = v("evict");
      x.lastSeen = null;
      x.closedThrough = null;
      x.known = null;
    }
  }

  private static final class Values {
    Long lastSeen;
    Long closedThrough;
    long[] known;
    final Map<Long, BucketAccumulator> buckets = new HashMap<>();
  }
}
