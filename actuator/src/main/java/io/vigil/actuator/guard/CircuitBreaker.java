package io.vigil.actuator.guard;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Stops all enforcement when more than {@code maxActions} enforceable actions arrive within {@code
 * windowMs}: a flood means the detector, the policy or the topic is wrong, not the fleet. Arrivals
 * are counted, not applications, so a flood trips it even while the token bucket holds the actions
 * back. Once tripped it stays open for {@code openMs}; actions wait (deferred) meanwhile. State is
 * in memory: a restart closes it, and the token bucket still bounds the rate.
 */
public final class CircuitBreaker {
  private final Clock clock;
  private final int maxActions;
  private final long windowMs;
  private final long openMs;
  private final Deque<Long> recent = new ArrayDeque<>();
  private long openUntil = Long.MIN_VALUE;

  public CircuitBreaker(Clock clock, int maxActions, long windowMs, long openMs) {
    this.clock = clock;
    this.maxActions = maxActions;
    this.windowMs = windowMs;
    this.openMs = openMs;
  }

  /** Counts one arrival; true when this arrival tripped the breaker (it was closed before). */
  public synchronized boolean arrive() {
    long now = clock.millis();
    while (!recent.isEmpty() && recent.peekFirst() <= now - windowMs) recent.pollFirst();
    recent.addLast(now);
    if (now >= openUntil && recent.size() > maxActions) {
      openUntil = now + openMs;
      recent.clear();
      return true;
    }
    return false;
  }

  public synchronized boolean isOpen() {
    return clock.millis() < openUntil;
  }

  public synchronized long openUntil() {
    return openUntil;
  }
}
