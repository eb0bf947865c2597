package io.vigil.operators.detect;

import io.vigil.models.detect.BudgetState;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.finding.OpenIncident;
import io.vigil.operators.StateDescriptors;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/** The detection state straight in Flink's keyed state: every call is a state access. */
final class KeyedDetectState implements DetectState {
  private final ValueState<FunctionBaseline> baseline;
  private final MapState<String, OpenIncident> incidents;
  private final ValueState<Long> lastBucketEnd;
  private final ValueState<Long> idleTimer;
  private final ValueState<BudgetState> budget;

  KeyedDetectState(RuntimeContext runtime) {
    baseline = runtime.getState(StateDescriptors.baseline());
    incidents = runtime.getMapState(StateDescriptors.openIncidents());
    lastBucketEnd = runtime.getState(StateDescriptors.lastSeen());
    idleTimer = runtime.getState(StateDescriptors.idleTimer());
    budget = runtime.getState(StateDescriptors.budget());
  }

  @Override
  public FunctionBaseline baseline() throws Exception {
    return baseline.value();
  }

  @Override
  public void setBaseline(FunctionBaseline b) throws Exception {
    baseline.update(b);
  }

  @Override
  public Map<String, OpenIncident> incidents() throws Exception {
    Map<String, OpenIncident> open = new HashMap<>();
    for (Map.Entry<String, OpenIncident> e : incidents.entries())
      open.put(e.getKey(), e.getValue());
    return open;
  }

  @Override
  public void setIncidents(Map<String, OpenIncident> open) throws Exception {
    incidents.clear();
    incidents.putAll(open);
  }

  @Override
  public Long lastBucketEnd() throws Exception {
    return lastBucketEnd.value();
  }

  @Override
  public void setLastBucketEnd(long bucketEnd) throws Exception {
    lastBucketEnd.update(bucketEnd);
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
  public BudgetState budget() throws Exception {
    return budget.value();
  }

  @Override
  public void setBudget(BudgetState b) throws Exception {
    if (b == null) budget.clear();
    else budget.update(b);
  }

  @Override
  public void evict() {
    baseline.clear();
    incidents.clear();
    lastBucketEnd.clear();
    idleTimer.clear();
  }
}
