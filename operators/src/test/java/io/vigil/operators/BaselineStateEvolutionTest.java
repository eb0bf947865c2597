package io.vigil.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The keyed state {@code baseline} keeps its name while {@link FunctionBaseline} gains fields: a
 * snapshot written by the serializer of the class without them (what a savepoint of the previous
 * version holds: its field list and values) is restored by Flink's POJO schema evolution, the old
 * values intact and the new fields at their constructor defaults, and the detectors run on it. The
 * state's own serializer ({@code FunctionBaselineSerializer}) takes it over from there: it accepts
 * the POJO snapshot as compatible after migration and writes the restored value in its form.
 */
class BaselineStateEvolutionTest {
  /**
   * Fields added to FunctionBaseline since the first round of issue 10 (second, third; 13; the int
   * ring that replaced {@code long[] recentInvocations} for the state budget).
   */
  static final Set<String> ADDED =
      Set.of(
          "lastBucketStart",
          "volumeOnset",
          "errorLadder",
          "timeoutLadder",
          "rightsizeSince",
          "timeoutMs",
          "costLadder",
          "egressLadder",
          "egressBuckets",
          "egressOnsetCusum",
          "timeoutAdviceForMs",
          "timeoutSince",
          "timeoutWindowInvocations",
          "timeoutWindowTimeouts",
          "durationPeakMs",
          "recommendedTimeoutS",
          "rejectRate",
          "rejectDispersion",
          "portDispersion",
          "seriesNovelty",
          "recentCounts",
          "durationLadder");

  @Test
  void aSnapshotWithoutTheNewFieldsRestoresAfterMigration() throws Exception {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    PojoTypeInfo<FunctionBaseline> info =
        (PojoTypeInfo<FunctionBaseline>) TypeInformation.of(FunctionBaseline.class);
    TypeSerializer<FunctionBaseline> currentPojo = info.createSerializer(config);
    // The state's serializer today: an older POJO form restores through Flink's POJO schema
    // evolution (the savepoint's own POJO serializer) and is migrated to this one's form.
    TypeSerializer<FunctionBaseline> current = StateDescriptors.baseline().getSerializer();

    List<Field> fields = new ArrayList<>();
    List<TypeSerializer<?>> serializers = new ArrayList<>();
    for (int i = 0; i < info.getArity(); i++) {
      Field f = info.getPojoFieldAt(i).getField();
      if (ADDED.contains(f.getName())) continue;
      fields.add(f);
      serializers.add(info.getPojoFieldAt(i).getTypeInformation().createSerializer(config));
    }
    assertThat(fields).hasSize(info.getArity() - ADDED.size()); // every added field exists
    PojoSerializer<FunctionBaseline> previous =
        new PojoSerializer<>(
            FunctionBaseline.class,
            serializers.toArray(new TypeSerializer<?>[0]),
            fields.toArray(new Field[0]),
            config);

    FunctionBaseline before = warmBaseline();
    DataOutputSerializer out = new DataOutputSerializer(1024);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, previous.snapshotConfiguration());
    previous.serialize(before, out);

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    TypeSerializerSnapshot<FunctionBaseline> restoredSnapshot =
        TypeSerializerSnapshot.readVersionedSnapshot(in, getClass().getClassLoader());
    TypeSerializerSchemaCompatibility<FunctionBaseline> compat =
        current.snapshotConfiguration().resolveSchemaCompatibility(restoredSnapshot);
    assertThat(compat.isCompatibleAfterMigration()).isTrue();
    assertThat(
            currentPojo
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restoredSnapshot)
                .isCompatibleAfterMigration())
        .as("the POJO path alone (what the migration reads with)")
        .isTrue();
    FunctionBaseline restored = restoredSnapshot.restoreSerializer().deserialize(in);

    assertThat(restored.buckets).isEqualTo(before.buckets);
    assertThat(restored.errorCusum).isEqualTo(before.errorCusum);
    assertThat(restored.invocationRate.slotLevel).isEqualTo(before.invocationRate.slotLevel);
    assertThat(restored.logDuration.mean).isEqualTo(before.logDuration.mean);
    assertThat(restored.recentCounts).hasSize(FunctionBaseline.HISTORY).containsOnly(0); // relearnt
    assertThat(restored.errorLadder).hasSize(2).containsOnly(0f);
    assertThat(restored.timeoutLadder).hasSize(2);
    assertThat(restored.lastBucketStart).isZero();
    assertThat(restored.costLadder).hasSize(2).containsOnly(0f);
    assertThat(restored.durationLadder).hasSize(2).containsOnly(0f);
    assertThat(restored.egressBuckets).isNotNull();
    assertThat(restored.timeoutMs).isZero();
    assertThat(restored.seriesNovelty.invocations.blocks).isZero(); // fresh, relearnt

    // The migrated state is written with the current serializer and the detectors go on with it.
    DataOutputSerializer again = new DataOutputSerializer(1024);
    current.serialize(restored, again);
    FunctionBaseline round =
        current.deserialize(new DataInputDeserializer(again.getCopyOfBuffer()));
    FunctionDetectors detectors =
        new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    for (int i = 0; i < 5; i++) detectors.evaluate(bucket(before.buckets + i, 40), round);
    assertThat(round.buckets).isEqualTo(before.buckets + 5);
    assertThat(round.lastBucketStart).isPositive();
    assertThat(round.seriesNovelty.invocations.blockFill).isEqualTo(1);
  }

  private static FunctionBaseline warmBaseline() {
    FunctionDetectors detectors =
        new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    FunctionBaseline s = new FunctionBaseline();
    for (int m = 0; m < 90; m++) detectors.evaluate(bucket(m, 30 + m % 7), s);
    return s;
  }

  private static MetricBucket bucket(long minute, long invocations) {
    MetricBucket b = new MetricBucket();
    b.functionKey = "111122223333/us-east-1/f";
    b.functionName = "f";
    b.region = "us-east-1";
    b.bucketStart = 1_700_000_000_000L + minute * 60_000L;
    b.bucketEnd = b.bucketStart + 60_000L;
    b.invocations = invocations;
    b.errors = minute % 11 == 0 ? 1 : 0;
    b.durationP50Ms = 100 + minute % 5;
    b.durationP95Ms = 180;
    b.durationMaxMs = 200;
    b.memorySizeMb = 512;
    b.maxMemoryUsedMb = 200;
    b.memoryUsedP99Mb = 200;
    b.gbSeconds = invocations * 0.05;
    b.estimatedCostUsd = b.gbSeconds * 0.0000166667;
    return b;
  }
}
