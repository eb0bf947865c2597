package io.vigil.actuator.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.message.BasicHeader;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes every decision into the Elasticsearch actions index, as a copy of the JSONL audit trail
 * (which stays the source of truth). Fail-safe: {@link #record} only enqueues and never blocks or
 * throws; a background thread sends {@code _bulk} requests and retries failed ones (connection
 * errors, 429, 5xx) with exponential backoff, keeping them queued. The queue is bounded: when
 * Elasticsearch is down long enough to fill it, further decisions are counted as {@link #dropped}
 * (they remain in the JSONL file, and deterministic ids make a later re-index safe). Documents
 * rejected for good (other 4xx) are counted as {@link #rejected} and logged.
 *
 * <p>Credentials as for the job's sink: {@code VIGIL_ES_API_KEY}, or {@code VIGIL_ES_USERNAME} and
 * {@code VIGIL_ES_PASSWORD}; never logged.
 */
public final class ElasticsearchAuditSink implements AuditSink {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchAuditSink.class);
  static final int MAX_BATCH = 500;

  private final RestClient client;
  private final String prefix;
  private final LinkedBlockingDeque<AuditDocuments.Doc> queue;
  private final long maxBackoffMs;
  private final Thread sender;
  private volatile boolean closing;
  private final Object idle = new Object();

  /** Recorded and not yet settled (indexed, rejected or dropped). */
  private final AtomicLong outstanding = new AtomicLong();

  private final AtomicLong indexed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  public ElasticsearchAuditSink(RestClient client, String prefix, int capacity, long maxBackoffMs) {
    this.client = client;
    this.prefix = prefix;
    this.queue = new LinkedBlockingDeque<>(capacity);
    this.maxBackoffMs = maxBackoffMs;
    this.sender = new Thread(this::sendLoop, "vigil-audit-es");
    sender.setDaemon(true);
    sender.start();
  }

  /** A client for comma-separated {@code urls} with the credentials of {@code env}. */
  public static RestClient client(String urls, Map<String, String> env) {
    HttpHost[] hosts =
        java.util.Arrays.stream(urls.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(HttpHost::create)
            .toArray(HttpHost[]::new);
    var builder = RestClient.builder(hosts);
    String auth = authorization(env);
    if (auth != null)
      builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", auth)});
    builder.setRequestConfigCallback(rc -> rc.setConnectTimeout(5_000).setSocketTimeout(30_000));
    return builder.build();
  }

  static String authorization(Map<String, String> env) {
    String key = env.get("VIGIL_ES_API_KEY");
    if (key != null && !key.isBlank()) return "ApiKey " + key;
    String user = env.get("VIGIL_ES_USERNAME");
    if (user == null || user.isBlank()) return null;
    String pair = user + ":" + env.getOrDefault("VIGIL_ES_PASSWORD", "");
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void record(AuditEvent event) {
    try {
      outstanding.incrementAndGet();
      if (closing || !queue.offerLast(AuditDocuments.of(event, prefix))) {
        settle(1);
        dropped.incrementAndGet();
        LOG.warn("audit copy to Elasticsearch dropped (queue full), still in the JSONL trail");
      }
    } catch (RuntimeException e) {
      settle(1);
      dropped.incrementAndGet();
      LOG.warn("audit copy to Elasticsearch dropped: {}", e.toString());
    }
  }

  private void sendLoop() {
    long backoff = 100;
    while (!(closing && queue.isEmpty())) {
      List<AuditDocuments.Doc> batch = new ArrayList<>();
      try {
        AuditDocuments.Doc first = queue.pollFirst(100, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        List<AuditDocuments.Doc> retry = send(batch);
        settle(batch.size() - retry.size());
        batch = retry;
        if (retry.isEmpty()) {
          backoff = 100;
        } else {
          retries.addAndGet(retry.size());
          requeue(retry);
          batch = List.of();
          if (closing) return; // do not hold the actuator's shutdown on a dead cluster
          Thread.sleep(backoff);
          backoff = Math.min(maxBackoffMs, backoff * 2);
        }
      } catch (InterruptedException e) {
        requeue(batch);
        return;
      }
    }
  }

  private void settle(int n) {
    if (n <= 0) return;
    outstanding.addAndGet(-n);
    synchronized (idle) {
      idle.notifyAll();
    }
  }

  /** Sends one bulk request; returns the documents to retry. */
  private List<AuditDocuments.Doc> send(List<AuditDocuments.Doc> batch) {
    StringBuilder body = new StringBuilder();
    for (AuditDocuments.Doc d : batch) {
      body.append("{\"index\":{\"_index\":")
          .append(Json.write(d.index()))
          .append(",\"_id\":")
          .append(Json.write(d.id()))
          .append("}}\n")
          .append(d.json())
          .append('\n');
    }
    Request request = new Request("POST", "/_bulk");
    request.setEntity(
        new NByteArrayEntity(
            body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            ContentType.APPLICATION_JSON));
    try {
      Response response = client.performRequest(request);
      JsonNode items;
      try (InputStream in = response.getEntity().getContent()) {
        items = Json.MAPPER.readTree(in).path("items");
      }
      List<AuditDocuments.Doc> retry = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        JsonNode item = items.path(i).path("index");
        int status = item.path("status").asInt(-1);
        if (status >= 200 && status < 300) {
          indexed.incrementAndGet();
        } else if (status == -1 || status == 429 || status >= 500) {
          retry.add(batch.get(i));
        } else {
          rejected.incrementAndGet();
          LOG.warn("audit document {} rejected: {}", batch.get(i).id(), item.path("error"));
        }
      }
      return retry;
    } catch (IOException | RuntimeException e) {
      LOG.warn("audit copy to Elasticsearch failed, will retry: {}", e.toString());
      return batch;
    }
  }

  private void requeue(List<AuditDocuments.Doc> docs) {
    for (int i = docs.size() - 1; i >= 0; i--) {
      if (!queue.offerFirst(docs.get(i))) {
        dropped.incrementAndGet();
        settle(1);
      }
    }
  }

  /** Waits until everything recorded so far is sent (or {@code timeoutMs} passes). */
  public boolean awaitSent(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    synchronized (idle) {
      while (outstanding.get() > 0) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) return false;
        idle.wait(Math.min(left, 50));
      }
    }
    return true;
  }

  @Override
  public boolean flush(long timeoutMs) {
    try {
      return awaitSent(Math.max(0, timeoutMs));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public long indexed() {
    return indexed.get();
  }

  public long retries() {
    return retries.get();
  }

  public long dropped() {
    return dropped.get();
  }

  public long rejected() {
    return rejected.get();
  }

  /** Gives the queue up to 10 s to drain, then stops; what is left is counted as dropped. */
  @Override
  public void close() {
    try {
      awaitSent(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closing = true;
    sender.interrupt();
    try {
      sender.join(5_000);
      client.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("closing the Elasticsearch client: {}", e.toString());
    }
    dropped.addAndGet(queue.size());
    if (dropped.get() + rejected.get() > 0) {
      LOG.warn(
          "audit copy to Elasticsearch: {} indexed, {} dropped, {} rejected (JSONL has all)",
          indexed.get(),
          dropped.get(),
          rejected.get());
    }
  }
}
