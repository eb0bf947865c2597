package io.vigil.operators.decode;

import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.LambdaArn;
import io.vigil.models.event.TelemetryEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Attributes flow records to the Lambda function owning their ENI, from a configured mapping (a
 * function name, or a Lambda ARN whose region the flows then take, so they join the function's
 * invocations in a stream that carries several regions). Flows of unknown ENIs keep their ENI as
 * key, so they are still profiled.
 */
public class AttributeFlowsFunction extends RichMapFunction<TelemetryEvent, TelemetryEvent> {
  public static final String UID = "attribute-flows";
  public static final String NAME = "Attribute flows to functions (ENI map)";

  private final HashMap<String, String> eniToFunction;

  /** The map's values read once: an ARN's region and name, or a bare name (region null). */
  private transient Map<String, Owner> owners;

  private transient Counter unattributed;

  public AttributeFlowsFunction(Map<String, String> eniToFunction) {
    this.eniToFunction = new HashMap<>(eniToFunction);
  }

  @Override
  public void open(OpenContext openContext) {
    unattributed = getRuntimeContext().getMetricGroup().counter("unattributedFlows");
    owners = new HashMap<>();
    eniToFunction.forEach(
        (eni, function) -> {
          LambdaArn arn = LambdaArn.parse(function);
          owners.put(
              eni,
              arn != null
                  ? new Owner(arn.region(), arn.functionName())
                  : new Owner(null, function));
        });
  }

  @Override
  public TelemetryEvent map(TelemetryEvent e) {
    if (e.flow == null || e.flow.functionName != null) return e;
    FlowRecord f = e.flow;
    Owner owner = owners.get(f.interfaceId);
    if (owner == null) {
      unattributed.inc();
      return e;
    }
    f.functionName = owner.functionName();
    if (owner.region() != null) f.region = owner.region();
    return TelemetryEvent.of(f);
  }

  private record Owner(String region, String functionName) {}
}
