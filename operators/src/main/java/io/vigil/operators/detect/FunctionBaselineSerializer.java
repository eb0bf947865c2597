package io.vigil.operators.detect;

import io.vigil.models.detect.FunctionBaseline;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of the keyed state {@code baseline}: hand-written field by field ({@link
 * FunctionBaselineCodec}), where Flink's POJO serializer spent a quarter of the detect thread on
 * RocksDB in reflection and instance set-up. Each value starts with its form number ({@link
 * #FORM}), so a later form can still read earlier ones without a new snapshot.
 *
 * <p>Savepoints written before it hold the state in the POJO form: {@link Snapshot} resolves that
 * as compatible after migration, so Flink reads it with the POJO serializer restored from the
 * savepoint (POJO schema evolution included: dropped fields skipped, new ones from the constructor)
 * and writes it back in this form (RocksDB rewrites every value on restore, the heap backend at its
 * next snapshot).
 */
public final class FunctionBaselineSerializer extends TypeSerializerSingleton<FunctionBaseline> {
  private static final long serialVersionUID = 1L;

  /**
   * Form of the bytes this serializer writes (the first byte of each value): 4 since the log
   * baselines' buckets waiting to be learnt (issue 10); form 3 (the egress elasticity) and form 1
   * values are still read, with nothing waiting and, for form 1, no elasticity learnt. There is no
   * form 2: 2 is the first byte of the POJO form (its flags), so a value the migration failed to
   * rewrite is refused at its first byte instead of misread.
   */
  static final int FORM = 4;

  static final int FORM_3 = 3;

  static final int FORM_1 = 1;

  public static final FunctionBaselineSerializer INSTANCE = new FunctionBaselineSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public FunctionBaseline createInstance() {
    return new FunctionBaseline();
  }

  /** A deep copy (the heap backend copies values touched during an asynchronous snapshot). */
  @Override
  public FunctionBaseline copy(FunctionBaseline from) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(1024);
      serialize(from, out);
      return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy a function baseline", e);
    }
  }

  @Override
  public FunctionBaseline copy(FunctionBaseline from, FunctionBaseline reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(FunctionBaseline record, DataOutputView target) throws IOException {
    target.writeByte(FORM);
    FunctionBaselineCodec.write(record, target);
  }

  @Override
  public FunctionBaseline deserialize(DataInputView source) throws IOException {
    int form = source.readUnsignedByte();
    if (form != FORM && form != FORM_3 && form != FORM_1) {
      throw new IOException(
          "unknown FunctionBaseline form " + form + " (this version reads 1, 3 and " + FORM + ")");
    }
    return FunctionBaselineCodec.read(source, form);
  }

  @Override
  public FunctionBaseline deserialize(FunctionBaseline reuse, DataInputView source)
      throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<FunctionBaseline> snapshotConfiguration() {
    return new Snapshot();
  }

  /**
   * Savepoint snapshot: no configuration (forms are told apart per value). Compatible as is with
   * itself; compatible after migration with the POJO serializer's snapshot of {@link
   * FunctionBaseline} (savepoints taken before this serializer); incompatible with anything else.
   */
  public static final class Snapshot implements TypeSerializerSnapshot<FunctionBaseline> {
    private static final int VERSION = 1;

    public Snapshot() {}

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {}

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
        throws IOException {
      if (readVersion != VERSION) {
        throw new IOException("unknown FunctionBaselineSerializer snapshot version " + readVersion);
      }
    }

    @Override
    public TypeSerializer<FunctionBaseline> restoreSerializer() {
      return INSTANCE;
    }

    @Override
    public TypeSerializerSchemaCompatibility<FunctionBaseline> resolveSchemaCompatibility(
        TypeSerializerSnapshot<FunctionBaseline> oldSerializerSnapshot) {
      if (oldSerializerSnapshot instanceof Snapshot) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      if (isPojoFormOfFunctionBaseline(oldSerializerSnapshot)) {
        return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
      }
      return TypeSerializerSchemaCompatibility.incompatible();
    }

    /** The POJO snapshot does not expose its class publicly: its restored serializer creates it. */
    private static boolean isPojoFormOfFunctionBaseline(TypeSerializerSnapshot<?> old) {
      if (!(old instanceof PojoSerializerSnapshot<?> pojo)) return false;
      Object instance = pojo.restoreSerializer().createInstance();
      return instance != null && instance.getClass() == FunctionBaseline.class;
    }
  }
}
