package io.vigil.actuator.guard;

import java.time.Clock;

/** Global rate limit: {@code capacity} tokens, refilled at {@code perMinute}; one per action. */
public final class TokenBucket {
  private final Clock clock;
  private final double capacity;
  private final double perMs;
  private double tokens;
  private long last;

  public TokenBucket(Clock clock, int capacity, double perMinute) {
    this.clock = clock;
    this.capacity = capacity;
    this.perMs = perMinute / 60_000.0;
    this.tokens = capacity;
    this.last = clock.millis();
  }

  public synchronized boolean tryTake() {
    long now = clock.millis();
    tokens = Math.min(capacity, tokens + Math.max(0, now - last) * perMs);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }
}
