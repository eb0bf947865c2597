package io.vigil.operators;

import org.apache.flink.streaming.api.TimerService;

/**
 * The time of a function's one idle timer, kept in keyed state so the timer can stay where it is
 * while events come (moving it cost a timer delete and a register each time: on RocksDB a tombstone
 * and a write); when it fires early, the operator sets it again where it is due. Used by the
 * profile and by detection.
 */
public interface IdleTimerState {
  /** When the function's one idle timer is due, or null (none, or a savepoint from before it). */
  Long idleTimer() throws Exception;

  void setIdleTimer(long timestamp) throws Exception;

  /**
   * When the idle timer is due. A savepoint from before the time was recorded holds none but has
   * the one timer the function kept then, at {@code legacyAt} (null: the function has no state).
   */
  default Long pendingIdleTimer(Long legacyAt) throws Exception {
    Long pending = idleTimer();
    if (pending == null && legacyAt != null) {
      pending = legacyAt;
      setIdleTimer(pending);
    }
    return pending;
  }

  /** Registers the idle timer at {@code timestamp} and records it. */
  default void armIdleTimer(long timestamp, TimerService timers) throws Exception {
    timers.registerEventTimeTimer(timestamp);
    setIdleTimer(timestamp);
  }
}
