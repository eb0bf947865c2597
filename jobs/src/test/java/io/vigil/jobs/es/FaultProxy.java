package io.vigil.jobs.es;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on loopback in front of a real node that misbehaves for a while mid-stream: {@code
 * _bulk} requests number {@code from}..{@code to} get 429 or 503 without reaching the node, and
 * request {@code to + 1} is forwarded (indexed!) but answered 503, so the retry re-sends documents
 * the node already has: deterministic ids must make that an overwrite, not a duplicate. {@link
 * #outage} switches a full outage on and off: while on, every request is answered 503 without
 * reaching the node.
 */
public final class FaultProxy implements AutoCloseable {
  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String target;
  private final int from;
  private final int to;
  final AtomicInteger bulkRequests = new AtomicInteger();
  final AtomicInteger injected = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger refusedInOutage = new AtomicInteger();

  /** A proxy that only fails during {@link #outage}. */
  public FaultProxy(String target) throws IOException {
    this(target, Integer.MAX_VALUE, Integer.MAX_VALUE - 1);
  }

  FaultProxy(String target, int from, int to) throws IOException {
    this.target = target;
    this.from = from;
    this.to = to;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** Starts or ends a full outage (every request answered 503). */
  public void outage(boolean on) {
    down.set(on);
  }

  /** Requests answered 503 because of an {@link #outage}. */
  public int refusedInOutage() {
    return refusedInOutage.get();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      if (down.get()) {
        refusedInOutage.incrementAndGet();
        respond(ex, 503, "{\"error\":\"injected outage\",\"status\":503}");
        return;
      }
      boolean bulk = ex.getRequestURI().getPath().endsWith("/_bulk");
      int n = bulk ? bulkRequests.incrementAndGet() : 0;
      if (bulk && n >= from && n <= to) {
        injected.incrementAndGet();
        int status = n % 2 == 0 ? 429 : 503;
        respond(ex, status, "{\"error\":\"injected\",\"status\":" + status + "}");
        return;
      }
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
              .timeout(Duration.ofSeconds(60))
              .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      if (type != null) req.header("Content-Type", type);
      HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (bulk && n == to + 1 && to >= from) {
        injected.incrementAndGet();
        respond(ex, 503, "{\"error\":\"injected after indexing\",\"status\":503}");
        return;
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
      ex.getResponseBody().write(resp.body());
      ex.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(ex, 502, "{}");
    }
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
