package io.vigil.actuator.guard;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Stops all enforcement when more than {@code maxActions} were applied within {@code windowMs}: a
 * flood of actions means the detector or the policy is wrong, not the fleet. Once tripped it stays
 * open for {@code openMs} (state is in memory: a restart closes it, and the token bucket still
 * bounds the rate).
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

  /** True when one more action may run; trips the breaker when it would exceed the bound. */
  public synchronized boolean allow() {
    long now = clock.millis();
    if (now < openUntil) return false;
    while (!recent.isEmpty() && recent.peekFirst() <= now - windowMs) recent.pollFirst();
    if (recent.size() >= maxActions) {
      openUntil = now + openMs;
      recent.clear();
      return false;
    }
    return true;
  }

  public synchronized void recordAction() {
    recent.addLast(clock.millis());
  }

  public synchronized boolean isOpen() {
    return clock.millis() < openUntil;
  }
}
