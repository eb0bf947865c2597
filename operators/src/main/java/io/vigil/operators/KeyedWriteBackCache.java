package io.vigil.operators;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * The per-key bookkeeping of a write-back cache ({@code ProfileStateCache}, {@code
 * DetectStateCache}): one entry per key touched since the last flush, created empty on its first
 * access; {@link #flush} writes every entry back under its own key (switching the current key and
 * restoring it) and empties the cache.
 */
public final class KeyedWriteBackCache<E> {
  private final KeyContext keys;
  private final Supplier<E> fresh;
  private final WriteBack<E> writeBack;
  private final Map<Object, E> entries = new LinkedHashMap<>();

  /** The last key looked up and its entry: one record makes several accesses in a row. */
  private Object lastKey;

  private E last;

  /**
   * @param writeBack writes one entry's changes to keyed state (the entry's key is current)
   */
  public KeyedWriteBackCache(KeyContext keys, Supplier<E> fresh, WriteBack<E> writeBack) {
    this.keys = keys;
    this.fresh = fresh;
    this.writeBack = writeBack;
  }

  /** Keys cached now. */
  public int size() {
    return entries.size();
  }

  /** The current key's entry, created empty (nothing loaded) on its first access. */
  public E current() {
    Object key = keys.getCurrentKey();
    if (key != lastKey) {
      last = entries.computeIfAbsent(key, k -> fresh.get());
      lastKey = key;
    }
    return last;
  }

  /** Writes every entry back to keyed state and empties the cache. */
  public void flush() throws Exception {
    writeBackAll();
    forget();
  }

  /**
   * Writes every entry back to keyed state and keeps the entries: only for a state backend that
   * copies values when they are written (RocksDB serialises them), as a kept entry's objects are
   * changed in place later; on the heap backend an asynchronous snapshot would see those changes.
   * {@link WriteBack} must leave each entry clean (nothing left to write).
   */
  public void writeBackAll() throws Exception {
    if (entries.isEmpty()) return;
    Object current = keys.getCurrentKey();
    for (Map.Entry<Object, E> e : entries.entrySet()) {
      keys.setCurrentKey(e.getKey());
      writeBack.write(e.getValue());
    }
    if (current != null) keys.setCurrentKey(current);
  }

  /** Writes the current key's entry back and drops it: keyed state is then exact for the key. */
  public void writeBackCurrent() throws Exception {
    E e = entries.remove(keys.getCurrentKey());
    if (e != null) writeBack.write(e);
    lastKey = null;
    last = null;
  }

  private void forget() {
    entries.clear();
    lastKey = null;
    last = null;
  }

  /** Writes one entry's changes to keyed state. */
  public interface WriteBack<E> {
    void write(E entry) throws Exception;
  }
}
