package io.vigil.testkit.search;

import java.util.Map;

/**
 * The one launcher of a forked search node (Elasticsearch or OpenSearch): parses {@code <httpPort>
 * <dataDir>}, starts the engine's {@link Engine}, prints {@code VIGIL-NODE-READY} once the cluster
 * is yellow (what {@link ForkedNode} waits for), and keeps the node up until standard input closes
 * or the process is killed. Each engine module only says how its runner builds one node.
 */
public final class NodeMain {
  /** One engine's single-node runner, as the launcher drives it. */
  public interface Engine {
    /**
     * Builds one node with HTTP on {@code httpPort}, data under {@code dataDir}; waits for yellow.
     */
    void start(int httpPort, String dataDir, String clusterName) throws Exception;

    /** Stops the node; called once, from the shutdown hook or at the end of input. */
    void stop() throws Exception;
  }

  /** Node settings common to both engines: no disk watermarks on a test machine, auto-create. */
  public static final Map<String, String> SETTINGS =
      Map.of(
          "http.type", "netty4",
          "cluster.routing.allocation.disk.threshold_enabled", "false",
          "action.auto_create_index", "true");

  private NodeMain() {}

  public static void run(String[] args, Engine engine) throws Exception {
    int httpPort = Integer.parseInt(args[0]);
    // Unique per node: another test node on this machine (same default transport ports, same
    // node name) must not be discovered as part of this cluster.
    engine.start(httpPort, args[1], "vigil-test-" + httpPort);
    System.out.println(ForkedNode.READY + " " + httpPort);
    System.out.flush();
    Thread stopper = new Thread(() -> stopQuietly(engine));
    Runtime.getRuntime().addShutdownHook(stopper);
    while (System.in.read() >= 0) {
      // until the parent closes our stdin
    }
    Runtime.getRuntime().removeShutdownHook(stopper);
    stopQuietly(engine);
    System.exit(0);
  }

  private static void stopQuietly(Engine engine) {
    try {
      engine.stop();
    } catch (Exception e) {
      // shutting down anyway
    }
  }
}
