package io.vigil.actuator.audit;

import io.vigil.testkit.search.ForkedNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A forked Elasticsearch node with the shipped {@code vigil-actions} index template installed, as
 * the actuator's audit copy writes to it, plus a plain HTTP client for the tests' own queries.
 */
public final class ActionsIndexNode implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final ForkedNode node;

  private ActionsIndexNode(ForkedNode node) {
    this.node = node;
  }

  /** Starts the node and installs the template (fails the test if the node refuses it). */
  public static ActionsIndexNode start() throws Exception {
    ActionsIndexNode n = new ActionsIndexNode(ForkedNode.start(ForkedNode.Kind.ELASTICSEARCH));
    String template =
        Files.readString(Path.of("../deploy/elasticsearch/index-templates/vigil-actions.json"));
    int status = n.send("PUT", "/_index_template/vigil-actions", template).statusCode();
    if (status != 200) {
      n.close();
      throw new IllegalStateException("index template not installed: HTTP " + status);
    }
    return n;
  }

  public String url() {
    return node.url();
  }

  /** One JSON request to the node; {@code body} null sends none. */
  public HttpResponse<String> send(String method, String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    node.close();
  }
}
