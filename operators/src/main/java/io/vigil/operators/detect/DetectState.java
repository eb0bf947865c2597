package io.vigil.operators.detect;

import io.vigil.models.detect.BudgetState;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.finding.OpenIncident;
import io.vigil.operators.IdleTimerState;
import java.util.Map;

/**
 * A function's detection state, for the current key: its baseline, open incidents, last bucket end,
 * pending idle timer and budget totals. {@link KeyedDetectState} reads and writes Flink's keyed
 * state on every call; {@link DetectStateCache} keeps active functions in memory and writes them
 * back to the same keyed state before each checkpoint barrier.
 */
interface DetectState extends IdleTimerState {
  /** The detectors' memory, or null for a new function. */
  FunctionBaseline baseline() throws Exception;

  void setBaseline(FunctionBaseline baseline) throws Exception;

  /** The open incidents by finding type: a new map the caller may change. */
  Map<String, OpenIncident> incidents() throws Exception;

  /** Replaces the open incidents; the map is not changed afterwards. */
  void setIncidents(Map<String, OpenIncident> open) throws Exception;

  Long lastBucketEnd() throws Exception;

  void setLastBucketEnd(long bucketEnd) throws Exception;

  BudgetState budget() throws Exception;

  /** Sets the month-to-date totals; null clears them. */
  void setBudget(BudgetState budget) throws Exception;

  /** Clears all but the budget totals: the function went idle. */
  void evict() throws Exception;
}
