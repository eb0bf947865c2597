package io.vigil.operators.decode;

import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.operators.OpaqueTypeInfo;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Type of {@link DecodedRecord}: its POJO serializer for the wire, but a chained "copy" that hands
 * the same instance over. A decoded record is built by one decode thread, emitted once and only
 * read after that ({@link EmitDecodedFunction} passes its events on, and each is copied there as
 * usual), so the deep copy of every event that Flink makes between chained operators without object
 * reuse bought nothing and cost the source thread about one CPU second per 2.5 M lines. It is never
 * kept in state.
 */
public final class HandOffTypeInfo extends OpaqueTypeInfo<DecodedRecord> {
  private static final long serialVersionUID = 1L;

  private final TypeInformation<DecodedRecord> pojo;

  HandOffTypeInfo(TypeInformation<DecodedRecord> pojo) {
    super(DecodedRecord.class);
    this.pojo = pojo;
  }

  /** Used by {@link DecodedRecord}'s {@code @TypeInfo}. */
  public static final class Factory extends TypeInfoFactory<DecodedRecord> {
    @Override
    public TypeInformation<DecodedRecord> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      Map<String, TypeInformation<?>> fields = new HashMap<>();
      fields.put("events", Types.OBJECT_ARRAY(TypeInformation.of(TelemetryEvent.class)));
      fields.put("deadLetters", Types.OBJECT_ARRAY(TypeInformation.of(DeadLetter.class)));
      fields.put("controlMessages", Types.INT);
      fields.put("skippedLines", Types.INT);
      return new HandOffTypeInfo(Types.POJO(DecodedRecord.class, fields));
    }
  }

  @Override
  protected TypeSerializer<DecodedRecord> serializer(SerializerConfig config) {
    return new Serializer(pojo.createSerializer(config));
  }

  @Override
  public int getArity() {
    return pojo.getArity();
  }

  @Override
  public int getTotalFields() {
    return pojo.getTotalFields();
  }

  @Override
  public String toString() {
    return "HandOff(" + pojo + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HandOffTypeInfo h && h.pojo.equals(pojo);
  }

  @Override
  public int hashCode() {
    return pojo.hashCode();
  }

  /** The POJO serializer, but {@code copy} returns its argument. */
  public static final class Serializer extends TypeSerializer<DecodedRecord> {
    private static final long serialVersionUID = 1L;

    private final TypeSerializer<DecodedRecord> pojo;

    Serializer(TypeSerializer<DecodedRecord> pojo) {
      this.pojo = pojo;
    }

    @Override
    public boolean isImmutableType() {
      return false;
    }

    @Override
    public TypeSerializer<DecodedRecord> duplicate() {
      TypeSerializer<DecodedRecord> d = pojo.duplicate();
      return d == pojo ? this : new Serializer(d);
    }

    @Override
    public DecodedRecord createInstance() {
      return pojo.createInstance();
    }

    @Override
    public DecodedRecord copy(DecodedRecord from) {
      return from;
    }

    @Override
    public DecodedRecord copy(DecodedRecord from, DecodedRecord reuse) {
      return from;
    }

    @Override
    public int getLength() {
      return pojo.getLength();
    }

    @Override
    public void serialize(DecodedRecord record, DataOutputView target) throws IOException {
      pojo.serialize(record, target);
    }

    @Override
    public DecodedRecord deserialize(DataInputView source) throws IOException {
      return pojo.deserialize(source);
    }

    @Override
    public DecodedRecord deserialize(DecodedRecord reuse, DataInputView source) throws IOException {
      return pojo.deserialize(reuse, source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      pojo.copy(source, target);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Serializer s && s.pojo.equals(pojo);
    }

    @Override
    public int hashCode() {
      return pojo.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<DecodedRecord> snapshotConfiguration() {
      return new Snapshot(this);
    }
  }

  /** Snapshot of the wrapper: the POJO serializer's snapshot nested. */
  public static final class Snapshot
      extends CompositeTypeSerializerSnapshot<DecodedRecord, Serializer> {
    public Snapshot() {}

    Snapshot(Serializer serializer) {
      super(serializer);
    }

    @Override
    protected int getCurrentOuterSnapshotVersion() {
      return 1;
    }

    @Override
    protected TypeSerializer<?>[] getNestedSerializers(Serializer outer) {
      return new TypeSerializer<?>[] {outer.pojo};
    }

    @SuppressWarnings("unchecked")
    @Override
    protected Serializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
      return new Serializer((TypeSerializer<DecodedRecord>) nested[0]);
    }
  }
}
