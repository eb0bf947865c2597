package io.vigil.operators.decode;

import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.TelemetryEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Attributes flow records to the Lambda function owning their ENI, from a configured mapping. Flows
 * of unknown ENIs keep their ENI as key, so they are still profiled.
 */
public class AttributeFlowsFunction extends RichMapFunction<TelemetryEvent, TelemetryEvent> {
  public static final String UID = "attribute-flows";
  public static final String NAME = "Attribute flows to functions (ENI map)";

  private final HashMap<String, String> eniToFunction;
  private transient Counter unattributed;

  public AttributeFlowsFunction(Map<String, String> eniToFunction) {
    this.eniToFunction = new HashMap<>(eniToFunction);
  }

  @Override
  public void open(OpenContext openContext) {
    unattributed = getRuntimeContext().getMetricGroup().counter("unattributedFlows");
  }

  @Override
  public TelemetryEvent map(TelemetryEvent e) {
    if (e.flow == null || e.flow.functionName != null) return e;
    FlowRecord f = e.flow;
    String function = eniToFunction.get(f.interfaceId);
    if (function == null) {
      unattributed.inc();
      return e;
    }
    f.functionName = function;
    return TelemetryEvent.of(f);
  }
}
