package io.vigil.operators.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.Invocation;
import io.vigil.models.profile.BloomSet;
import io.vigil.models.profile.BucketAccumulator;
import io.vigil.models.profile.PriceTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * {@link ProfileStateCache}'s accesses to keyed state: what it must read and write, and what it
 * must not (a bucket opened and closed between write-backs, reads of a new function's buckets,
 * reads again after a checkpoint when the backend copies values on write). Outputs, timers and
 * snapshots against the uncached function are {@link ProfileOperatorTest}'s.
 */
class ProfileStateCacheTest {
  static {
    // JOL reads field offsets this way on Java 17 for every class (records included).
    System.setProperty("jol.magicFieldOffset", "true");
  }

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

  /**
   * The automatic cache bound assumes {@link ProfileOperator#BYTES_PER_CACHED_FUNCTION} of heap per
   * cached function; measured here for busy functions (two open buckets of 1,800 invocations and
   * 600 flows each, known destinations), the largest entries the cache holds between checkpoints.
   */
  @Test
  void aBusyCachedFunctionFitsTheHeapEstimateTheAutomaticBoundUses() throws Exception {
    ProfileStateCache cache = new ProfileStateCache(keyed, keys, true, true);
    long empty = GraphLayout.parseInstance(cache).totalSize();
    int functions = 50;
    Random random = new Random(7);
    for (int f = 0; f < functions; f++) {
      String key = "123456789012/us-east-1/orders-api-handler-" + f;
      keys.setCurrentKey(key);
      for (long start = 0; start < 2 * MINUTE; start += MINUTE) {
        assertThat(cache.bucket(start)).isNull();
        cache.putBucket(busyBucket(key, start, random));
      }
      cache.setLastSeen(2 * MINUTE - 1);
      cache.setClosedThrough(0);
      cache.setIdleTimer(6 * 60 * MINUTE);
      cache.setKnownDestinations(new long[BloomSet.BITS / 64]);
    }
    keyed.log.clear();
    long perFunction = (GraphLayout.parseInstance(cache).totalSize() - empty) / functions;
    assertThat(perFunction)
        .isLessThanOrEqualTo(ProfileOperator.BYTES_PER_CACHED_FUNCTION)
        .isGreaterThan(ProfileOperator.BYTES_PER_CACHED_FUNCTION / 2);
  }

  private static BucketAccumulator busyBucket(String key, long start, Random random) {
    BucketAccumulator acc = new BucketAccumulator(key, start, start + MINUTE);
    BloomSet known = new BloomSet(new long[BloomSet.BITS / 64]);
    for (int i = 0; i < 1_800; i++) {
      Invocation invocation = new Invocation();
      invocation.timestamp = start + i * 33L;
      invocation.durationMs = Math.exp(1 + 3 * random.nextDouble());
      invocation.billedDurationMs = Math.ceil(invocation.durationMs);
      invocation.memorySizeMb = 1_024;
      invocation.maxMemoryUsedMb = 90 + random.nextInt(400);
      if (i % 40 == 0) invocation.status = "ERROR";
      acc.add(invocation, PriceTable.defaults());
      if (i % 3 == 0) acc.add(flow(random), known);
    }
    return acc;
  }

  private static FlowRecord flow(Random random) {
    FlowRecord flow = new FlowRecord();
    flow.dstAddr = "10.0." + random.nextInt(16) + "." + random.nextInt(250);
    flow.dstPort = random.nextBoolean() ? 443 : 1024 + random.nextInt(60_000);
    flow.srcPort = 32_768 + random.nextInt(20_000);
    flow.protocol = 6;
    flow.bytes = 500 + random.nextInt(50_000);
    flow.packets = 4 + random.nextInt(40);
    flow.action = random.nextInt(20) == 0 ? "REJECT" : "ACCEPT";
    flow.flowDirection = "egress";
    return flow;
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
    public Long idleTimer() {
      return v("get idleTimer").idleTimer;
    }

    @Override
    public void setIdleTimer(long timestamp) {
      v("set idleTimer").idleTimer = timestamp;
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
      x.idleTimer = null;
      x.known = null;
    }
  }

  private static final class Values {
    Long lastSeen;
    Long closedThrough;
    Long idleTimer;
    long[] known;
    final Map<Long, BucketAccumulator> buckets = new HashMap<>();
  }
}
