package io.vigil.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The keyed state {@code baseline} as the first form of the series novelty wrote it (16-bit {@code
 * prototypes}, {@code lastUsed} block stamps, {@code float[] recent}, {@code prototypeCount},
 * {@code recentPos}; issue 13's first round) restores into today's compact {@code NoveltyState}:
 * the fixture {@value #FIXTURE} holds that job's serializer snapshot and one warm baseline, written
 * by {@link #main} run against that version's classes. Flink's POJO schema evolution drops the old
 * fields; the family starts those series afresh and the detectors go on.
 */
class NoveltyStateFirstFormRestoreTest {
  static final String FIXTURE = "/state/baseline-novelty-first-form.bin";

  @Test
  void theFirstFormRestoresAndItsSeriesStartAfresh() throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
      assertThat(in).as(FIXTURE).isNotNull();
      bytes = in.readAllBytes();
    }
    DataInputDeserializer in = new DataInputDeserializer(bytes);
    TypeSerializerSnapshot<FunctionBaseline> old =
        TypeSerializerSnapshot.readVersionedSnapshot(in, getClass().getClassLoader());
    // Today's serializer of the state: the POJO form of the fixture migrates to its own form.
    TypeSerializer<FunctionBaseline> current = StateDescriptors.baseline().getSerializer();
    TypeSerializerSchemaCompatibility<FunctionBaseline> compat =
        current.snapshotConfiguration().resolveSchemaCompatibility(old);
    assertThat(compat.isCompatibleAfterMigration()).isTrue();
    FunctionBaseline restored = old.restoreSerializer().deserialize(in);

    assertThat(restored.buckets).isEqualTo(120);
    assertThat(restored.seriesNovelty.invocations.blocks).as("kept scalar").isEqualTo(30);
    assertThat(restored.seriesNovelty.invocations.isComplete()).as("arrays dropped").isFalse();

    DataOutputSerializer again = new DataOutputSerializer(1024);
    current.serialize(restored, again); // the migrated state is written in today's form
    FunctionBaseline round =
        current.deserialize(new DataInputDeserializer(again.getCopyOfBuffer()));
    FunctionDetectors detectors =
        new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    for (int i = 0; i < 5; i++) detectors.evaluate(bucket(120 + i), round);
    assertThat(round.buckets).isEqualTo(125);
    assertThat(round.seriesNovelty.invocations.isComplete()).isTrue();
    assertThat(round.seriesNovelty.duration.isComplete()).isTrue();
    assertThat(round.seriesNovelty.invocations.blocks).as("started afresh").isOne();
    assertThat(round.seriesNovelty.payloadBytes()).isEqualTo(2 * 144);
  }

  private static TypeSerializer<FunctionBaseline> serializer() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return TypeInformation.of(FunctionBaseline.class).createSerializer(config);
  }

  /**
   * Writes the fixture: run once with the first form's classes first on the class path (e.g. the
   * models jar of commit 42a28b0), argument the fixture file.
   */
  public static void main(String[] args) throws Exception {
    TypeSerializer<FunctionBaseline> s = serializer();
    FunctionDetectors detectors =
        new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    FunctionBaseline b = new FunctionBaseline();
    for (int m = 0; m < 120; m++) detectors.evaluate(bucket(m), b);
    DataOutputSerializer out = new DataOutputSerializer(4096);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, s.snapshotConfiguration());
    s.serialize(b, out);
    Files.write(Path.of(args[0]), out.getCopyOfBuffer());
  }

  private static MetricBucket bucket(long minute) {
    MetricBucket b = new MetricBucket();
    b.functionKey = "111122223333/us-east-1/f";
    b.functionName = "f";
    b.region = "us-east-1";
    b.bucketStart = 1_700_000_000_000L + minute * 60_000L;
    b.bucketEnd = b.bucketStart + 60_000L;
    b.invocations = 30 + minute % 7;
    b.durationP50Ms = 100 + minute % 5;
    b.durationP95Ms = 180;
    b.durationMaxMs = 200;
    b.memorySizeMb = 512;
    b.maxMemoryUsedMb = 200;
    b.memoryUsedP99Mb = 200;
    b.gbSeconds = b.invocations * 0.05;
    b.estimatedCostUsd = b.gbSeconds * 0.0000166667;
    return b;
  }
}
