package io.vigil.operators.sink.es;

import java.nio.charset.StandardCharsets;

/** One document to index: target index, deterministic id, JSON source. */
public record EsDocument(String index, String id, String source) {
  /** Approximate size in a bulk body (action line + source). */
  public long sizeBytes() {
    return source.getBytes(StandardCharsets.UTF_8).length + index.length() + id.length() + 40L;
  }
}
