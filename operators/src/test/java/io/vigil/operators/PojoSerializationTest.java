package io.vigil.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.event.BillingLine;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.Invocation;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.OpenIncident;
import io.vigil.models.policy.FunctionTag;
import io.vigil.models.profile.InvocationRun;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.combine.ProfileInput;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ParsedBundles;
import io.vigil.operators.control.PolicyBundle;
import io.vigil.operators.source.FleetMinute;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type that crosses an operator boundary or sits in state is a Flink POJO: no Kryo. */
class PojoSerializationTest {
  /** A policy with a rule and a budget, so the typed set on the control stream is not empty. */
  static final String POLICY =
      """
      apiVersion: vigil.io/v1
      kind: Policy
      metadata: {name: spikes}
      spec:
        selector: {functions: ["api-*"]}
        budgets:
          - {name: daily, metric: costUsd, limit: 5, period: day}
        actions:
          - {finding: INVOCATION_SPIKE, action: THROTTLE, mode: approval, reservedConcurrency: 20, expiry: 30m}
      """;

  static Stream<Arguments> samples() {
    Invocation inv = new Invocation();
    inv.functionName = "f";
    inv.durationMs = 12.5;
    inv.coldStart = true;
    inv.status = "TIMEOUT";
    FlowRecord flow = new FlowRecord();
    flow.interfaceId = "eni-1";
    flow.dstPort = 3333;
    flow.extraFields = "traffic-path=7";
    BillingLine bill = new BillingLine();
    bill.source = "CUR2";
    bill.cost = 0.30721;
    TelemetryEvent event = TelemetryEvent.of(inv);
    InvocationRun run = new InvocationRun(0);
    run.add(inv, 5, PriceTable.defaults());
    RawRecord raw =
        new RawRecord(StreamKind.BILLING, "pk", "shardId-1", "42", 1, 2, new byte[] {1, 2, 3});
    Finding finding = new Finding();
    finding.id = "id";
    finding.type = "PORT_SCAN";
    finding.score = 0.9;
    finding.tags = FunctionTag.of(java.util.Map.of("team", "payments", "vigil:protected", "true"));
    MetricBucket bucket = new MetricBucket();
    bucket.functionKey = "a/r/f";
    bucket.invocations = 7;
    RemediationAction action = new RemediationAction();
    action.id = "a";
    action.type = "THROTTLE";
    action.reservedConcurrency = 5;
    action.tags = FunctionTag.of(java.util.Map.of("team", "payments"));
    DeadLetter dead = DeadLetter.of(raw, "bad-gzip", "detail");
    FunctionBaseline baseline = new FunctionBaseline();
    baseline.invocationRate.update(3_600_000, 10, 0.1, 5);
    baseline.errorRate.update(1, 10, 0.995);
    OpenIncident incident = new OpenIncident();
    incident.incidentId = "i";
    FleetMinute minute = new FleetMinute(3, 180_000, new RawRecord[] {raw});
    return Stream.of(
        Arguments.of(RawRecord.class, raw),
        Arguments.of(Invocation.class, inv),
        Arguments.of(FlowRecord.class, flow),
        Arguments.of(BillingLine.class, bill),
        Arguments.of(TelemetryEvent.class, event),
        Arguments.of(ProfileInput.class, ProfileInput.of(event)),
        Arguments.of(ProfileInput.class, ProfileInput.of("a/r/f", run)),
        Arguments.of(MetricBucket.class, bucket),
        Arguments.of(Finding.class, finding),
        Arguments.of(RemediationAction.class, action),
        Arguments.of(DeadLetter.class, dead),
        Arguments.of(FunctionBaseline.class, baseline),
        Arguments.of(OpenIncident.class, incident),
        Arguments.of(FleetMinute.class, minute),
        Arguments.of(
            PolicyBundle.class,
            new PolicyBundle("rev", java.util.Map.of("a.yaml", "kind: Policy\n"))),
        Arguments.of(
            ControlEvent.class, ParsedBundles.of("rev", java.util.Map.of("p.yaml", POLICY))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  <T> void isAPojoAndRoundTripsWithGenericTypesDisabled(Class<T> type, T value) throws Exception {
    TypeInformation<T> info = TypeInformation.of(type);
    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false); // any Kryo fallback anywhere in the type tree throws here
    TypeSerializer<T> serializer = info.createSerializer(config);
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    T copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(copy).usingRecursiveComparison().isEqualTo(value);
  }
}
