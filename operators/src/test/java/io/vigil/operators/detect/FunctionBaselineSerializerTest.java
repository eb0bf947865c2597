package io.vigil.operators.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.detect.DecayedRate;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.detect.LogElasticity;
import io.vigil.models.detect.LogShift;
import io.vigil.models.detect.SeasonalRate;
import io.vigil.models.detect.series.NoveltyState;
import io.vigil.models.detect.series.SeriesNovelty;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import io.vigil.testkit.domain.MetricBucketBuilder;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionBaselineSerializer} writes and reads every field of {@link FunctionBaseline} and
 * of every class reachable from it. The guard fills each field, found by reflection, with a
 * distinct value no constructor sets and compares field by field by reflection: a field added to
 * any of these classes and left out of {@link FunctionBaselineCodec} fails it.
 */
class FunctionBaselineSerializerTest {
  private static final FunctionBaselineSerializer SERIALIZER = FunctionBaselineSerializer.INSTANCE;

  /** The classes the guard must reach (so a filler that stops early cannot pass unnoticed). */
  private static final Set<Class<?>> NESTED =
      Set.of(
          FunctionBaseline.class,
          SeasonalRate.class,
          DecayedRate.class,
          LogShift.class,
          LogElasticity.class,
          SeriesNovelty.class,
          NoveltyState.class);

  @Test
  void everyFieldOfEveryReachableClassRoundTrips() throws Exception {
    Filler filler = new Filler();
    FunctionBaseline filled = filler.fill(FunctionBaseline.class);
    assertThat(filler.classes).isEqualTo(NESTED);
    assertThat(filler.fields).as("fields filled").isGreaterThan(80);

    assertDeepEquals(roundTrip(filled), filled);
    assertDeepEquals(SERIALIZER.copy(filled), filled);
    assertDeepEquals(viaCopyOfBytes(filled), filled);
  }

  /** The POJO serializer restores null nested objects and arrays as null: so does this one. */
  @Test
  void eachNullNestedObjectOrArrayRoundTripsAsNull() throws Exception {
    int references = references(new Filler().fill(FunctionBaseline.class)).size();
    assertThat(references).as("nested objects and arrays").isGreaterThan(20);
    for (int i = 0; i < references; i++) {
      FunctionBaseline b = new Filler().fill(FunctionBaseline.class); // the same values each time
      Object[] ownerAndField = references(b).get(i);
      ((Field) ownerAndField[1]).set(ownerAndField[0], null);
      assertDeepEquals(roundTrip(b), b);
    }
  }

  @Test
  void aFreshBaselineRoundTrips() throws Exception {
    FunctionBaseline fresh = new FunctionBaseline();
    assertDeepEquals(roundTrip(fresh), fresh);
  }

  /** A baseline after hundreds of buckets of real detection equals its POJO round trip. */
  @Test
  void aBaselineAfterRealDetectionRoundTripsAsThePojoSerializerDoes() throws Exception {
    FunctionBaseline warm = warmBaseline(400);
    assertThat(warm.buckets).isEqualTo(400);
    assertThat(warm.seriesNovelty.invocations.blocks).isPositive();
    assertThat(warm.logEgressPerInvocation.buckets).isPositive();
    FunctionBaseline viaPojo = pojoRoundTrip(warm);
    FunctionBaseline viaNew = roundTrip(warm);
    assertDeepEquals(viaNew, warm);
    assertDeepEquals(viaNew, viaPojo);

    // Detection goes on identically from either restored copy.
    FunctionDetectors a = new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    FunctionDetectors b = new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    for (int m = 400; m < 460; m++) {
      MetricBucket bucket = bucket(m, m >= 440 ? 400 : 40 + m % 9); // ends in a spike
      assertThat(a.evaluate(bucket, viaNew)).isEqualTo(b.evaluate(bucket, viaPojo));
    }
    assertDeepEquals(viaNew, viaPojo);
  }

  /** The keyed state shrinks: no per-field null flags, one-byte array lengths. */
  @Test
  void theFormIsSmallerThanThePojoForm() throws Exception {
    FunctionBaseline warm = warmBaseline(200);
    int pojo = bytes(pojoSerializer(), warm).length;
    int form = bytes(SERIALIZER, warm).length;
    System.out.printf("FunctionBaseline serialised: POJO %d B, form 4 %d B%n", pojo, form);
    assertThat(form).isLessThan(pojo);
  }

  @Test
  void anUnknownFormIsRefusedNotMisread() throws Exception {
    byte[] b = bytes(SERIALIZER, new FunctionBaseline());
    for (int form : new int[] {0, 2, 5}) {
      b[0] = (byte) form;
      assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(b)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("form " + form);
    }
  }

  /** Bytes of the three log baselines' waiting buckets at the end of form 4. */
  private static final int WAITING_BYTES = 3 * (1 + 4 * 2 * LogShift.GUARD + 4);

  /**
   * Form 3 (before the buckets waiting to be learnt) is form 4 without its last fields: it restores
   * with every other field and nothing waiting.
   */
  @Test
  void aFormThreeValueRestoresWithEveryFieldAndNothingWaiting() throws Exception {
    FunctionBaseline warm = warmBaseline(400);
    assertThat(warm.logDuration.waiting).as("waiting").isEqualTo(LogShift.GUARD);
    byte[] form4 = bytes(SERIALIZER, warm);
    byte[] form3 = java.util.Arrays.copyOf(form4, form4.length - WAITING_BYTES);
    form3[0] = 3;

    FunctionBaseline restored = SERIALIZER.deserialize(new DataInputDeserializer(form3));

    FunctionBaseline expected = roundTrip(warm);
    nothingWaiting(expected);
    assertDeepEquals(restored, expected);
  }

  /** Empties the three log baselines' rings of buckets waiting to be learnt. */
  private static void nothingWaiting(FunctionBaseline b) {
    for (LogShift s : List.of(b.logDuration, b.logCostPerInvocation, b.logEgressPerInvocation)) {
      s.pending = new float[2 * LogShift.GUARD];
      s.waiting = 0;
    }
  }

  /**
   * Form 1 (before the egress elasticity) is form 3 without its last field: it restores with every
   * other field and no elasticity learnt. (DetectOperatorTest restores real form-1 snapshots.)
   */
  @Test
  void aFormOneValueRestoresWithEveryFieldAndNoElasticityLearnt() throws Exception {
    FunctionBaseline warm = warmBaseline(400);
    assertThat(warm.egressElasticity.weight).as("learnt").isPositive();
    byte[] form4 = bytes(SERIALIZER, warm);
    byte[] form1 = java.util.Arrays.copyOf(form4, form4.length - WAITING_BYTES - 21); // + 5 floats
    form1[0] = 1;

    FunctionBaseline restored = SERIALIZER.deserialize(new DataInputDeserializer(form1));

    FunctionBaseline expected = roundTrip(warm);
    expected.egressElasticity = new LogElasticity();
    nothingWaiting(expected);
    assertDeepEquals(restored, expected);
  }

  @Test
  void theSnapshotIsCompatibleWithItselfMigratesThePojoFormAndRefusesOthers() throws Exception {
    TypeSerializerSnapshot<FunctionBaseline> current = SERIALIZER.snapshotConfiguration();
    assertThat(current.resolveSchemaCompatibility(reread(current)).isCompatibleAsIs()).isTrue();
    assertThat(
            current
                .resolveSchemaCompatibility(reread(pojoSerializer().snapshotConfiguration()))
                .isCompatibleAfterMigration())
        .isTrue();
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSnapshot<FunctionBaseline> other =
        (TypeSerializerSnapshot) LongSerializer.INSTANCE.snapshotConfiguration();
    assertThat(current.resolveSchemaCompatibility(other).isIncompatible()).isTrue();
    assertThat(reread(current).restoreSerializer()).isSameAs(SERIALIZER);
  }

  // ---- helpers

  static FunctionBaseline warmBaseline(int buckets) {
    FunctionDetectors detectors =
        new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    FunctionBaseline s = new FunctionBaseline();
    for (int m = 0; m < buckets; m++) detectors.evaluate(bucket(m, 30 + m % 7), s);
    return s;
  }

  static MetricBucket bucket(long minute, long invocations) {
    return MetricBucketBuilder.bucket("111122223333/us-east-1/f", minute * 60_000L)
        .invocations(invocations)
        .errors(minute % 11 == 0 ? 1 : 0)
        .timeouts(minute % 37 == 0 ? 1 : 0)
        .durationP50Ms(100 + minute % 5)
        .durationP95Ms(180)
        .durationMaxMs(200 + minute % 13)
        .memoryMb(512, 200)
        .costUsd(invocations * 0.000001)
        .egressBytes(1_000 * invocations + minute % 17)
        .topDestination("203.0.113.7", 1_000 * invocations, 443)
        .build();
  }

  static TypeSerializer<FunctionBaseline> pojoSerializer() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return TypeInformation.of(FunctionBaseline.class).createSerializer(config);
  }

  private static FunctionBaseline roundTrip(FunctionBaseline b) throws IOException {
    return SERIALIZER.deserialize(new DataInputDeserializer(bytes(SERIALIZER, b)));
  }

  private static FunctionBaseline pojoRoundTrip(FunctionBaseline b) throws IOException {
    TypeSerializer<FunctionBaseline> pojo = pojoSerializer();
    return pojo.deserialize(new DataInputDeserializer(bytes(pojo, b)));
  }

  /** The serializer's byte-level copy (used by network and some state paths). */
  private static FunctionBaseline viaCopyOfBytes(FunctionBaseline b) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    SERIALIZER.copy(new DataInputDeserializer(bytes(SERIALIZER, b)), out);
    return SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  private static byte[] bytes(TypeSerializer<FunctionBaseline> s, FunctionBaseline b)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(b, out);
    return out.getCopyOfBuffer();
  }

  private static TypeSerializerSnapshot<FunctionBaseline> reread(
      TypeSerializerSnapshot<FunctionBaseline> snapshot) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        FunctionBaselineSerializerTest.class.getClassLoader());
  }

  /** Field by field by reflection, arrays element by element, floats by their bits. */
  static void assertDeepEquals(Object actual, Object expected) throws IllegalAccessException {
    deepEquals(actual, expected, expected == null ? "null" : expected.getClass().getSimpleName());
  }

  private static void deepEquals(Object actual, Object expected, String path)
      throws IllegalAccessException {
    if (expected == null || actual == null) {
      assertThat(actual).as(path).isSameAs(expected);
      return;
    }
    assertThat(actual.getClass()).as(path).isEqualTo(expected.getClass());
    Class<?> type = expected.getClass();
    if (type.isArray()) {
      assertThat(Array.getLength(actual)).as(path + ".length").isEqualTo(Array.getLength(expected));
      for (int i = 0; i < Array.getLength(expected); i++) {
        deepEquals(Array.get(actual, i), Array.get(expected, i), path + "[" + i + "]");
      }
    } else if (isBoxedPrimitive(type)) {
      assertThat(actual).as(path).isEqualTo(expected); // Float.equals compares bits, NaN included
    } else {
      assertThat(actual).as(path).isNotSameAs(expected);
      for (Field f : instanceFields(type)) {
        deepEquals(f.get(actual), f.get(expected), path + "." + f.getName());
      }
    }
  }

  private static boolean isBoxedPrimitive(Class<?> type) {
    return type == Long.class
        || type == Integer.class
        || type == Short.class
        || type == Byte.class
        || type == Float.class
        || type == Double.class
        || type == Boolean.class
        || type == Character.class;
  }

  private static List<Field> instanceFields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) continue;
        f.setAccessible(true);
        fields.add(f);
      }
    }
    return fields;
  }

  /** Every (owner, field) holding a nested object or an array, depth first in field order. */
  private static List<Object[]> references(Object root) throws IllegalAccessException {
    List<Object[]> out = new ArrayList<>();
    for (Field f : instanceFields(root.getClass())) {
      if (f.getType().isPrimitive()) continue;
      Object v = f.get(root);
      out.add(new Object[] {root, f});
      if (v != null && !f.getType().isArray()) out.addAll(references(v));
    }
    return out;
  }

  /**
   * Sets every instance field, found by reflection, to a value unlike the constructor's: numbers
   * from a counter (never the field's default), booleans flipped, arrays one element longer than
   * the default, nested objects of the model's packages filled recursively. Any other field type
   * fails the test: the codec and this test must learn it.
   */
  static final class Filler {
    final Set<Class<?>> classes = new HashSet<>();
    int fields;
    private int counter = 1;

    <T> T fill(Class<T> type) throws ReflectiveOperationException {
      classes.add(type);
      T instance = type.getDeclaredConstructor().newInstance();
      for (Field f : instanceFields(type)) {
        fields++;
        f.set(instance, value(f.getType(), f.get(instance), f.getName()));
      }
      return instance;
    }

    private Object value(Class<?> t, Object old, String name) throws ReflectiveOperationException {
      if (t.isArray()) {
        Class<?> element = t.getComponentType();
        if (!element.isPrimitive()) throw new AssertionError("unsupported array field " + name);
        int n = old == null ? 3 : Array.getLength(old) + 1;
        Object a = Array.newInstance(element, n);
        for (int i = 0; i < n; i++) Array.set(a, i, value(element, null, name));
        return a;
      }
      if (t.isPrimitive()) return primitive(t, old, name);
      if (t.getPackageName().startsWith("io.vigil.models.detect")) return fill(t);
      throw new AssertionError(
          "unsupported field type " + t.getName() + " of " + name + ": serialise it and teach me");
    }

    private Object primitive(Class<?> t, Object old, String name) {
      int c = counter++;
      Object v;
      if (t == boolean.class) v = old == null ? (c % 2 == 0) : !(Boolean) old;
      else if (t == byte.class) v = (byte) (c % 120 + 3);
      else if (t == short.class) v = (short) (c + 7);
      else if (t == char.class) v = (char) ('A' + c % 26);
      else if (t == int.class) v = 1_000_003 * c + 17;
      else if (t == long.class) v = 10_000_000_019L * c + 5;
      else if (t == float.class) v = 0.5f + c * 1.25f;
      else if (t == double.class) v = 0.25 + c * 3.5;
      else throw new AssertionError("unsupported primitive " + t + " of " + name);
      if (v.equals(old)) throw new AssertionError("filler repeated the default of " + name);
      return v;
    }
  }
}
