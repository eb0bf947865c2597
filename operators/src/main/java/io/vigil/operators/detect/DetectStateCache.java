package io.vigil.operators.detect;

import io.vigil.models.detect.BudgetState;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.finding.OpenIncident;
import io.vigil.operators.CachedValue;
import io.vigil.operators.KeyedWriteBackCache;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Write-back cache of the detection state: a function's values are read from keyed state at their
 * first access after the last flush, then changed in memory; {@link #flush} writes every changed
 * value back to the same keyed state (switching the current key for each function) and empties the
 * cache. {@link DetectOperator} flushes before each checkpoint barrier, at the end of input and
 * when more than a bound of functions is cached, so every snapshot holds exactly what the uncached
 * {@link KeyedDetectState} would have. On RocksDB each access there is a JNI call and a
 * (de)serialisation (the baseline is a few hundred bytes); here it is one per function and flush.
 */
final class DetectStateCache implements DetectState {
  private final KeyedDetectState keyed;
  private final KeyedWriteBackCache<CachedFunction> functions;

  DetectStateCache(KeyedDetectState keyed, KeyContext keys) {
    this.keyed = keyed;
    this.functions = new KeyedWriteBackCache<>(keys, CachedFunction::new, f -> f.writeTo(keyed));
  }

  /** Functions cached now. */
  int size() {
    return functions.size();
  }

  /** Writes every changed value back to keyed state and empties the cache. */
  void flush() throws Exception {
    functions.flush();
  }

  private CachedFunction current() {
    return functions.current();
  }

  @Override
  public FunctionBaseline baseline() throws Exception {
    return current().baseline.get(keyed::baseline);
  }

  @Override
  public void setBaseline(FunctionBaseline b) {
    current().baseline.set(b);
  }

  @Override
  public Map<String, OpenIncident> incidents() throws Exception {
    Map<String, OpenIncident> cached = current().incidents.get(keyed::incidents);
    Map<String, OpenIncident> open = new HashMap<>();
    for (Map.Entry<String, OpenIncident> e : cached.entrySet()) open.put(e.getKey(), e.getValue());
    return open;
  }

  @Override
  public void setIncidents(Map<String, OpenIncident> open) {
    current().incidents.set(open);
  }

  @Override
  public Long lastBucketEnd() throws Exception {
    return current().lastBucketEnd.get(keyed::lastBucketEnd);
  }

  @Override
  public void setLastBucketEnd(long bucketEnd) {
    current().lastBucketEnd.set(bucketEnd);
  }

  @Override
  public Long idleTimer() throws Exception {
    return current().idleTimer.get(keyed::idleTimer);
  }

  @Override
  public void setIdleTimer(long timestamp) {
    current().idleTimer.set(timestamp);
  }

  @Override
  public BudgetState budget() throws Exception {
    return current().budget.get(keyed::budget);
  }

  @Override
  public void setBudget(BudgetState b) {
    current().budget.set(b);
  }

  /**
   * Writes the function's changes back (its budget totals outlive the clean-up), clears the rest in
   * keyed state at once and drops the entry, so no later flush can bring an evicted value back.
   */
  @Override
  public void evict() throws Exception {
    functions.writeBackCurrent();
    keyed.evict();
  }

  /** One function's cached values: loaded lazily, each written back only when set. */
  private static final class CachedFunction {
    final CachedValue<FunctionBaseline> baseline = new CachedValue<>();
    final CachedValue<Map<String, OpenIncident>> incidents = new CachedValue<>();
    final CachedValue<Long> lastBucketEnd = new CachedValue<>();
    final CachedValue<Long> idleTimer = new CachedValue<>();
    final CachedValue<BudgetState> budget = new CachedValue<>();

    void writeTo(KeyedDetectState keyed) throws Exception {
      baseline.writeBack(keyed::setBaseline);
      incidents.writeBack(keyed::setIncidents);
      lastBucketEnd.writeBack(keyed::setLastBucketEnd);
      idleTimer.writeBack(keyed::setIdleTimer);
      budget.writeBack(keyed::setBudget);
    }
  }
}
