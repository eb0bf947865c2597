package io.vigil.operators;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type information of a value Flink handles whole, through a serializer of this project: not
 * basic, not a tuple, not a key, one field. Subclasses give the serializer; two instances are equal
 * when they are of the same class.
 */
public abstract class OpaqueTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  protected OpaqueTypeInfo(Class<T> type) {
    this.type = type;
  }

  /** The serializer for {@code config}. */
  protected abstract TypeSerializer<T> serializer(SerializerConfig config);

  @Override
  public final TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer(config);
  }

  @Override
  @Deprecated
  public final TypeSerializer<T> createSerializer(ExecutionConfig config) {
    return serializer(config.getSerializerConfig());
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass();
  }

  @Override
  public int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o != null && o.getClass() == getClass();
  }
}
