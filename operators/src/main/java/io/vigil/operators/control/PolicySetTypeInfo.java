package io.vigil.operators.control;

import io.vigil.models.policy.PolicySet;
import io.vigil.operators.OpaqueTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Type of a parsed {@link PolicySet} on the control broadcast. The set is a small immutable graph
 * of records, sent only when the policy folder changes, so it travels Java-serialized (never Kryo).
 * It is never kept in state: broadcast state holds the YAML texts ({@link ControlState}).
 */
public final class PolicySetTypeInfo extends OpaqueTypeInfo<PolicySet> {
  private static final long serialVersionUID = 1L;

  public PolicySetTypeInfo() {
    super(PolicySet.class);
  }

  @Override
  protected TypeSerializer<PolicySet> serializer(SerializerConfig config) {
    return new Serializer();
  }

  @Override
  public String toString() {
    return "PolicySet(java-serialized)";
  }

  /** Length-prefixed Java serialization; the set is immutable, so copies share it. */
  public static final class Serializer extends TypeSerializer<PolicySet> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
      return true;
    }

    @Override
    public TypeSerializer<PolicySet> duplicate() {
      return this;
    }

    @Override
    public PolicySet createInstance() {
      return PolicySet.empty();
    }

    @Override
    public PolicySet copy(PolicySet from) {
      return from;
    }

    @Override
    public PolicySet copy(PolicySet from, PolicySet reuse) {
      return from;
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(PolicySet set, DataOutputView target) throws IOException {
      byte[] bytes = InstantiationUtil.serializeObject(set);
      target.writeInt(bytes.length);
      target.write(bytes);
    }

    @Override
    public PolicySet deserialize(DataInputView source) throws IOException {
      byte[] bytes = new byte[source.readInt()];
      source.readFully(bytes);
      try {
        return InstantiationUtil.deserializeObject(
            bytes, Thread.currentThread().getContextClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IOException("cannot read a policy set", e);
      }
    }

    @Override
    public PolicySet deserialize(PolicySet reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      int length = source.readInt();
      target.writeInt(length);
      target.write(source, length);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Serializer;
    }

    @Override
    public int hashCode() {
      return Serializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<PolicySet> snapshotConfiguration() {
      return new Snapshot();
    }
  }

  /** Snapshot of the stateless serializer. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<PolicySet> {
    public Snapshot() {
      super(Serializer::new);
    }
  }
}
