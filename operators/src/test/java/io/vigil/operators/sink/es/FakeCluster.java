package io.vigil.operators.sink.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.models.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted {@code _bulk} endpoint on loopback: stores documents by index/id, answers per item.
 */
final class FakeCluster implements AutoCloseable {
  /** Decides an item's status: 201 stores it; anything else is reported as an error. */
  interface Script {
    int status(int request, String index, String id, String source);

    /** Whole-request status; 200 means "answer per item". */
    default int requestStatus(int request) {
      return 200;
    }
  }

  final Map<String, String> stored = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;
  volatile Script script = (r, index, id, source) -> 201;

  FakeCluster() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/_bulk", this::bulk);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void bulk(HttpExchange ex) throws IOException {
    int n = requests.incrementAndGet();
    String[] lines =
        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("\n");
    int whole = script.requestStatus(n);
    if (whole != 200) {
      respond(ex, whole, "{\"error\":\"scripted\",\"status\":" + whole + "}");
      return;
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode items = out.putArray("items");
    boolean errors = false;
    for (int i = 0; i + 1 < lines.length; i += 2) {
      JsonNode action = Json.MAPPER.readTree(lines[i]).path("index");
      String index = action.path("_index").asText();
      String id = action.path("_id").asText();
      int status = script.status(n, index, id, lines[i + 1]);
      ObjectNode item = items.addObject().putObject("index");
      item.put("_index", index).put("_id", id).put("status", status);
      if (status == 201) {
        stored.put(index + "/" + id, lines[i + 1]);
      } else {
        errors = true;
        item.putObject("error")
            .put(
                "type",
                status == 429 ? "es_rejected_execution_exception" : "mapper_parsing_exception")
            .put("reason", "scripted " + status);
      }
    }
    out.put("errors", errors);
    respond(ex, 200, Json.write(out));
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  long count(String indexPrefix) {
    return stored.keySet().stream().filter(k -> k.startsWith(indexPrefix)).count();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
