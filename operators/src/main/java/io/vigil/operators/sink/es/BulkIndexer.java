package io.vigil.operators.sink.es;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.event.DeadLetter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches documents into {@code _bulk} requests (by count, bytes and time) and sees every one
 * through: acknowledged, retried (429 and 5xx, per item or whole request, exponential backoff with
 * jitter) or dead-lettered (other 4xx: written to the dead-letters index with the reason).
 *
 * <p>Memory is bounded: a batch holds one of {@code maxInFlight} permits from its first send until
 * every document in it is settled (including while it waits to retry), so {@link #add} blocks when
 * they are all taken. {@link #flush} blocks until every document added so far is settled, which is
 * what makes a checkpoint lossless. A document that still fails after {@code maxRetries} fails the
 * writer, and the job restarts from its last checkpoint; ids are deterministic, so the replay
 * overwrites.
 *
 * <p>{@link #add}, {@link #sendBuffered} and {@link #flush} are called from one thread (the task's
 * mailbox); responses arrive on the client's I/O threads, retries run on a private scheduler.
 */
public final class BulkIndexer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(BulkIndexer.class);
  private static final ContentType NDJSON = ContentType.APPLICATION_JSON;

  private final RestClient client;
  private final EsConfig config;
  private final Semaphore permits;
  private final ScheduledExecutorService scheduler;
  private final Object settled = new Object();

  private final List<EsDocument> buffer = new ArrayList<>();
  private long bufferBytes;
  private final LongSupplier clock;
  private long lastSendMs;

  private final AtomicLong pending = new AtomicLong();
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();

  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong deadLetterFailures = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong bulkRequests = new AtomicLong();

  public BulkIndexer(RestClient client, EsConfig config) {
    this(client, config, System::currentTimeMillis);
  }

  /** With the clock the time-based flush reads (tests). */
  public BulkIndexer(RestClient client, EsConfig config, LongSupplier clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.lastSendMs = clock.getAsLong();
    this.permits = new Semaphore(Math.max(1, config.maxInFlight()));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-es-retry");
              t.setDaemon(true);
              return t;
            });
  }

  /** Buffers one document; sends a batch when it is full (blocking while all permits are taken). */
  public void add(EsDocument doc) throws IOException {
    checkFatal();
    buffer.add(doc);
    bufferBytes += doc.sizeBytes();
    pending.incrementAndGet();
    if (buffer.size() >= config.maxActions()
        || bufferBytes >= config.maxBytes()
        || clock.getAsLong() - lastSendMs >= config.flushInterval().toMillis()) {
      sendBuffered();
    }
  }

  /** Sends what is buffered, if anything (time-based flush); may block for a permit. */
  public void sendBuffered() throws IOException {
    checkFatal();
    lastSendMs = clock.getAsLong();
    if (buffer.isEmpty()) return;
    List<EsDocument> batch = new ArrayList<>(buffer);
    buffer.clear();
    bufferBytes = 0;
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a bulk slot", e);
    }
    send(new Batch(batch, false), 0);
  }

  /** True when the buffer has waited {@code flushIntervalMs} since the last send. */
  public boolean due() {
    return !buffer.isEmpty() && clock.getAsLong() - lastSendMs >= config.flushInterval().toMillis();
  }

  /** Sends the buffer and blocks until every document added so far is acknowledged or dead. */
  public void flush() throws IOException {
    sendBuffered();
    synchronized (settled) {
      while (pending.get() > 0 && fatal.get() == null) {
        try {
          settled.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while flushing", e);
        }
      }
    }
    checkFatal();
  }

  private void checkFatal() throws IOException {
    Throwable t = fatal.get();
    if (t != null) throw new IOException("Elasticsearch output failed: " + t.getMessage(), t);
  }

  /** A batch: its documents, and whether they are dead letters (which are not dead-lettered). */
  private record Batch(List<EsDocument> docs, boolean deadLetters) {}

  private void send(Batch batch, int attempt) {
    byte[] body = bulkBody(batch.docs());
    Request request = new Request("POST", "/_bulk");
    request.setEntity(new NByteArrayEntity(body, NDJSON));
    bulkRequests.incrementAndGet();
    client.performRequestAsync(
        request,
        new ResponseListener() {
          @Override
          public void onSuccess(Response response) {
            try {
              handle(batch, attempt, response);
            } catch (Exception e) {
              fail(batch, new IOException("unreadable bulk response: " + e.getMessage(), e));
            }
          }

          @Override
          public void onFailure(Exception e) {
            int status =
                e instanceof ResponseException re
                    ? re.getResponse().getStatusLine().getStatusCode()
                    : -1;
            if (status == -1 || retryable(status)) {
              retry(batch, batch.docs(), attempt, "HTTP " + (status == -1 ? e : status));
            } else {
              fail(batch, new IOException("bulk request rejected: HTTP " + status, e));
            }
          }
        });
  }

  static byte[] bulkBody(List<EsDocument> docs) {
    StringBuilder sb = new StringBuilder();
    for (EsDocument d : docs) {
      sb.append("{\"index\":{\"_index\":")
          .append(Json.write(d.index()))
          .append(",\"_id\":")
          .append(Json.write(d.id()))
          .append("}}\n")
          .append(d.source())
          .append('\n');
    }
    return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }

  private void handle(Batch batch, int attempt, Response response) throws IOException {
    JsonNode root;
    try (InputStream in = response.getEntity().getContent()) {
      root = Json.MAPPER.readTree(in);
    }
    List<EsDocument> retry = new ArrayList<>();
    List<EsDocument> dead = new ArrayList<>();
    int ok = 0;
    if (!root.path("errors").asBoolean(false)) {
      ok = batch.docs().size();
    } else {
      JsonNode items = root.path("items");
      for (int i = 0; i < batch.docs().size(); i++) {
        JsonNode item = items.path(i);
        JsonNode result = item.isObject() && item.size() > 0 ? item.elements().next() : null;
        int status = result == null ? 500 : result.path("status").asInt(500);
        EsDocument doc = batch.docs().get(i);
        if (status >= 200 && status < 300) {
          ok++;
        } else if (retryable(status)) {
          retry.add(doc);
        } else if (batch.deadLetters()) {
          // A dead letter the cluster rejects is logged and counted; never looped.
          deadLetterFailures.incrementAndGet();
          LOG.error("dead letter {} rejected: HTTP {} {}", doc.id(), status, result.path("error"));
          settle(1);
        } else {
          JsonNode error = result.path("error");
          DeadLetter dl =
              EcsDocuments.rejected(
                  doc, status, error.path("type").asText(null), error.path("reason").asText(null));
          dead.add(EcsDocuments.deadLetter(dl, config.indexPrefix()));
        }
      }
    }
    acknowledged.addAndGet(batch.deadLetters() ? 0 : ok);
    if (!dead.isEmpty()) {
      deadLettered.addAndGet(dead.size());
      LOG.warn(
          "{} document(s) rejected by the cluster, sent to the dead letters (first: {})",
          dead.size(),
          dead.get(0).id());
      // Each rejected document is replaced by its dead letter: pending stays the same until the
      // dead letter is itself acknowledged. Dead-letter batches need no permit (bounded by this
      // one).
      scheduler.execute(() -> send(new Batch(dead, true), 0));
    }
    if (!retry.isEmpty()) {
      settle(ok);
      retry(batch, retry, attempt, "per-item 429/5xx");
    } else {
      settle(ok);
      if (!batch.deadLetters()) permits.release();
    }
  }

  private void retry(Batch batch, List<EsDocument> docs, int attempt, String why) {
    if (attempt >= config.maxRetries()) {
      fail(
          batch,
          new IOException(
              docs.size() + " document(s) still failing after " + attempt + " retries: " + why));
      return;
    }
    retries.addAndGet(docs.size());
    long base =
        Math.min(
            config.maxBackoff().toMillis(),
            config.initialBackoff().toMillis() << Math.min(attempt, 20));
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    LOG.info(
        "retrying {} document(s) in {} ms ({}, attempt {})", docs.size(), delay, why, attempt + 1);
    try {
      scheduler.schedule(
          () -> send(new Batch(docs, batch.deadLetters()), attempt + 1),
          delay,
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      fail(batch, new IOException("indexer closed while retrying", e));
    }
  }

  private void fail(Batch batch, Throwable t) {
    fatal.compareAndSet(null, t);
    LOG.error("Elasticsearch output failed", t);
    if (!batch.deadLetters()) permits.release();
    synchronized (settled) {
      settled.notifyAll();
    }
  }

  private void settle(int n) {
    if (pending.addAndGet(-n) <= 0 || n > 0) {
      synchronized (settled) {
        settled.notifyAll();
      }
    }
  }

  public long acknowledged() {
    return acknowledged.get();
  }

  public long deadLettered() {
    return deadLettered.get();
  }

  public long deadLetterFailures() {
    return deadLetterFailures.get();
  }

  public long retries() {
    return retries.get();
  }

  public long bulkRequests() {
    return bulkRequests.get();
  }

  /** Documents buffered and not yet sent. */
  public int buffered() {
    return buffer.size();
  }

  public long pending() {
    return pending.get();
  }

  @Override
  public void close() throws IOException {
    scheduler.shutdownNow();
    client.close();
  }
}
