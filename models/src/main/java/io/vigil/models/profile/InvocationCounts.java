package io.vigil.models.profile;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.vigil.models.event.Invocation;
import io.vigil.models.event.InvocationStatus;

/**
 * The counters and sketches one invocation adds to, shared by a bucket ({@link BucketAccumulator})
 * and a run folded before the shuffle ({@link InvocationRun}), so both fold an invocation the same
 * way.
 */
abstract class InvocationCounts {
  public long invocations;
  public long errors;
  public long timeouts;
  public long outOfMemory;
  public long throttles;
  public long coldStarts;
  public long selfInvocations;
  public int memorySizeMb;
  public int maxMemoryUsedMb;

  /** A bucket's sketches; in a run, only one read in the earlier sketch form. */
  DDSketch durations;

  DDSketch memoryUsed;

  /** Counts the invocation; false for a throttle, which is only counted. */
  final boolean count(Invocation i) {
    if (i.statusKind() == InvocationStatus.THROTTLED) {
      throttles++;
      return false;
    }
    invocations++;
    switch (i.statusKind()) {
      case ERROR -> errors++;
      case TIMEOUT -> timeouts++;
      case OUT_OF_MEMORY -> {
        outOfMemory++;
        errors++;
      }
      case THROTTLED, SUCCESS -> {}
    }
    if (i.coldStart) coldStarts++;
    if (i.selfInvocation) selfInvocations++;
    if (i.memorySizeMb > 0) memorySizeMb = i.memorySizeMb;
    maxMemoryUsedMb = Math.max(maxMemoryUsedMb, i.maxMemoryUsedMb);
    duration(BucketAccumulator.clampDuration(i.durationMs));
    if (i.maxMemoryUsedMb > 0) memory(i.maxMemoryUsedMb);
    return true;
  }

  /** One counted invocation's duration, already clamped to the sketch's range. */
  abstract void duration(double clampedMs);

  /** One counted invocation's memory used (only when reported). */
  abstract void memory(int usedMb);
}
