package io.vigil.operators.profile;

import io.vigil.models.profile.BucketAccumulator;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link BucketAccumulator}: its sketches stay live objects on the heap state
 * backend and are written in their compact binary forms only at checkpoints (or per access on
 * RocksDB).
 */
public final class BucketAccumulatorSerializer extends TypeSerializerSingleton<BucketAccumulator> {
  private static final long serialVersionUID = 1L;
  public static final BucketAccumulatorSerializer INSTANCE = new BucketAccumulatorSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public BucketAccumulator createInstance() {
    return new BucketAccumulator("-/-/-", 0, 0);
  }

  @Override
  public BucketAccumulator copy(BucketAccumulator from) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(512);
      from.writeTo(out);
      return BucketAccumulator.readFrom(
          new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy bucket accumulator", e);
    }
  }

  @Override
  public BucketAccumulator copy(BucketAccumulator from, BucketAccumulator reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(BucketAccumulator record, DataOutputView target) throws IOException {
    record.writeTo(target);
  }

  @Override
  public BucketAccumulator deserialize(DataInputView source) throws IOException {
    return BucketAccumulator.readFrom(source);
  }

  @Override
  public BucketAccumulator deserialize(BucketAccumulator reuse, DataInputView source)
      throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<BucketAccumulator> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Savepoint compatibility snapshot. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<BucketAccumulator> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
