package io.vigil.testkit.es;

import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * Starts one Elasticsearch 7.10.2 node (HTTP on {@code httpPort}) and keeps it up until standard
 * input closes or the process is killed. Prints {@code VIGIL-NODE-READY} once the cluster is
 * yellow. Usage: {@code ElasticsearchNode <httpPort> <dataDir>}.
 */
public final class ElasticsearchNode {
  private ElasticsearchNode() {}

  public static void main(String[] args) throws Exception {
    int httpPort = Integer.parseInt(args[0]);
    String dataDir = args[1];
    ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
    runner.setMaxHttpPort(httpPort + 50);
    runner.onBuild(
        (number, settings) -> {
          settings.put("http.type", "netty4");
          settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
          settings.put("action.auto_create_index", true);
        });
    // The runner puts node N's HTTP on basePort + N; with one node that is basePort + 1.
    runner.build(
        ElasticsearchClusterRunner.newConfigs()
            .basePath(dataDir)
            .numOfNode(1)
            .baseHttpPort(httpPort - 1)
            // Unique per node: another test node on this machine (same default transport ports,
            // same node name) must not be discovered as part of this cluster.
            .clusterName("vigil-test-" + httpPort)
            .disableESLogger());
    runner.ensureYellow();
    System.out.println("VIGIL-NODE-READY " + httpPort);
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(runner)));
    while (System.in.read() >= 0) {
      // until the parent closes our stdin
    }
    closeQuietly(runner);
    System.exit(0);
  }

  private static void closeQuietly(ElasticsearchClusterRunner runner) {
    try {
      if (!runner.isClosed()) runner.close();
    } catch (Exception e) {
      // shutting down anyway
    }
  }
}
