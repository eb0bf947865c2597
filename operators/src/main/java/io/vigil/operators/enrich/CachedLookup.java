package io.vigil.operators.enrich;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A control-plane lookup behind a cache (hits and misses, with a TTL and an LRU size bound) and a
 * token-bucket rate limit: the same keys come back millions of times and AWS describe/list calls
 * throttle at a few per second. A failed call is cached as a miss for at most a minute, so one bad
 * key cannot eat the rate budget; when the limit says not now, a stale entry is reused.
 */
final class CachedLookup<V> {
  private static final long MAX_MISS_TTL_MS = 60_000;

  private final long ttlMs;
  private final double permitsPerSecond;
  private final Map<String, Entry<V>> cache;
  private double permits;
  private long lastRefill = System.nanoTime();
  private long calls;

  private record Entry<V>(V value, long expiresAt) {}

  CachedLookup(Duration ttl, int maxEntries, double permitsPerSecond) {
    this.ttlMs = ttl.toMillis();
    this.permitsPerSecond = permitsPerSecond;
    this.permits = Math.max(1, permitsPerSecond);
    this.cache =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry<V>> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /**
   * The cached value of {@code key}, or {@code fetch}'s (null = known to have none; an exception =
   * a failed call, cached briefly as a miss).
   */
  synchronized Optional<V> get(String key, long nowMs, Supplier<V> fetch) {
    Entry<V> e = cache.get(key);
    if (e != null && e.expiresAt > nowMs) return Optional.ofNullable(e.value);
    if (!tryAcquire()) return e == null ? Optional.empty() : Optional.ofNullable(e.value);
    calls++;
    V value;
    try {
      value = fetch.get();
    } catch (RuntimeException ex) {
      cache.put(key, new Entry<>(null, nowMs + Math.min(ttlMs, MAX_MISS_TTL_MS)));
      return Optional.empty();
    }
    cache.put(key, new Entry<>(value, nowMs + ttlMs));
    return Optional.ofNullable(value);
  }

  /** Calls made to the API so far. */
  synchronized long calls() {
    return calls;
  }

  private boolean tryAcquire() {
    long now = System.nanoTime();
    permits =
        Math.min(
            Math.max(1, permitsPerSecond), permits + (now - lastRefill) / 1e9 * permitsPerSecond);
    lastRefill = now;
    if (permits < 1) return false;
    permits -= 1;
    return true;
  }
}
