package io.vigil.testkit.search;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Elasticsearch 7.10.2 or OpenSearch 2.19 node in a forked JVM (its Netty, Jackson and
 * Lucene must not meet Flink's), started from the testkit module's Maven-resolved classpath.
 */
public final class ForkedNode implements AutoCloseable {
  /** What {@link NodeMain} prints once its node is up. */
  static final String READY = "VIGIL-NODE-READY";

  public enum Kind {
    ELASTICSEARCH(
        "elasticsearch-node", "org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner"),
    OPENSEARCH("opensearch-node", "org.codelibs.opensearch.runner.OpenSearchRunner");

    /** The testkit module whose resolved classpath the node runs on. */
    final String artifact;

    /** The engine's runner, driven by {@link NodeMain}. */
    final String runner;

    Kind(String artifact, String runner) {
      this.artifact = artifact;
      this.runner = runner;
    }
  }

  private final Process process;
  private final int port;
  private final Path log;
  private final Path base;

  private ForkedNode(Process process, int port, Path log, Path base) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.base = base;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public static ForkedNode start(Kind kind) throws Exception {
    String resource = "vigil-testkit/" + kind.artifact + ".classpath";
    URL url = ForkedNode.class.getClassLoader().getResource(resource);
    if (url == null) throw new IllegalStateException("missing " + resource + " (build testkit/)");
    String root;
    String dependencies;
    try (InputStream in = url.openStream()) {
      dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    String u = url.toString();
    if (u.startsWith("jar:")) {
      root = new File(URI.create(u.substring(4, u.indexOf("!/")))).getPath();
    } else {
      root = new File(URI.create(u.substring(0, u.length() - resource.length()))).getPath();
    }
    int port = freePort();
    Path base = Files.createTempDirectory("vigil-" + kind.artifact);
    Path log = Path.of("target", kind.artifact + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xms512m",
                    "-Xmx512m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    launcher() + File.pathSeparator + root + File.pathSeparator + dependencies,
                    NodeMain.class.getName(),
                    kind.runner,
                    String.valueOf(port),
                    base.resolve("data").toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    ForkedNode node = new ForkedNode(pb.start(), port, log, base);
    node.awaitReady();
    return node;
  }

  /** Where {@link NodeMain} is (this module's jar or classes): it has no dependencies. */
  private static String launcher() throws Exception {
    return new File(NodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getPath();
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node exited early:\n" + tail());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/").toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        if (c.getResponseCode() == 200 && Files.readString(log).contains(READY)) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(500);
    }
    close();
    throw new IllegalStateException("node not ready in time:\n" + tail());
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      process.getOutputStream().close(); // the launcher stops when its stdin closes
    } catch (IOException ignored) {
      // already gone
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
    try (var files = Files.walk(base)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
