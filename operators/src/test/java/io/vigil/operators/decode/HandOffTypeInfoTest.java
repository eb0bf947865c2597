package io.vigil.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.Invocation;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.event.TelemetryEvent;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link DecodedRecord}'s type: POJO serialization without Kryo on the wire, the same instance
 * handed over between chained operators, and a snapshot that restores compatible.
 */
class HandOffTypeInfoTest {
  private static DecodedRecord sample() {
    Invocation inv = new Invocation();
    inv.requestId = "r1";
    inv.functionName = "f";
    inv.accountId = "1";
    inv.region = "us-east-1";
    inv.durationMs = 12.5;
    RawRecord raw =
        new RawRecord(StreamKind.LAMBDA_LOGS, "k", "shardId-0", "7", 1, 2, new byte[] {1, 2});
    DecodedRecord d = new DecodedRecord();
    d.events = new TelemetryEvent[] {TelemetryEvent.of(inv), TelemetryEvent.of(inv)};
    d.deadLetters = new DeadLetter[] {DeadLetter.of(raw, "bad-json", "detail", 3)};
    d.controlMessages = 1;
    d.skippedLines = 4;
    return d;
  }

  @Test
  void roundTripsWithGenericTypesDisabledAndHandsTheSameInstanceOver() throws Exception {
    TypeInformation<DecodedRecord> info = TypeInformation.of(DecodedRecord.class);
    assertThat(info).isInstanceOf(HandOffTypeInfo.class);
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false); // any Kryo fallback anywhere in the type tree throws here
    TypeSerializer<DecodedRecord> serializer = info.createSerializer(config);
    DecodedRecord value = sample();

    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    DecodedRecord read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(read).isNotSameAs(value).usingRecursiveComparison().isEqualTo(value);

    assertThat(serializer.copy(value)).isSameAs(value);
    assertThat(serializer.duplicate().copy(value)).isSameAs(value);
  }

  @Test
  void itsSnapshotRestoresAsCompatible() throws Exception {
    TypeSerializer<DecodedRecord> serializer =
        TypeInformation.of(DecodedRecord.class).createSerializer(new SerializerConfigImpl());
    var snapshot = serializer.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(256);
    snapshot.writeSnapshot(out);
    var restored = new HandOffTypeInfo.Snapshot();
    restored.readSnapshot(
        snapshot.getCurrentVersion(),
        new DataInputDeserializer(out.getCopyOfBuffer()),
        getClass().getClassLoader());
    TypeSerializerSchemaCompatibility<DecodedRecord> compatibility =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
    assertThat(restored.restoreSerializer().copy(sample())).isNotNull();
  }
}
