package io.vigil.operators;

/**
 * One keyed value in a write-back cache ({@code ProfileStateCache}, {@code DetectStateCache}): read
 * from keyed state at its first access, written back only if it was set.
 */
public final class CachedValue<T> {
  private boolean loaded;
  private boolean dirty;
  private T value;

  public T get(Read<T> read) throws Exception {
    if (!loaded) {
      value = read.get();
      loaded = true;
    }
    return value;
  }

  public void set(T v) {
    value = v;
    loaded = true;
    dirty = true;
  }

  /** Writes the value if it was set since it was loaded or last written; it is clean after. */
  public void writeBack(Write<T> write) throws Exception {
    if (dirty) write.set(value);
    dirty = false;
  }

  /** Reads the value from keyed state. */
  public interface Read<T> {
    T get() throws Exception;
  }

  /** Writes the value to keyed state. */
  public interface Write<T> {
    void set(T value) throws Exception;
  }
}
