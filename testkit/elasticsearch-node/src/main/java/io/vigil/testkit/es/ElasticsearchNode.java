package io.vigil.testkit.es;

import io.vigil.testkit.search.NodeMain;
import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * One Elasticsearch 7.10.2 node for {@link NodeMain}, the shared launcher (lifecycle, ready line,
 * stdin): only how this engine's runner builds it. Usage: {@code ElasticsearchNode <httpPort>
 * <dataDir>}.
 */
public final class ElasticsearchNode implements NodeMain.Engine {
  private final ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();

  public static void main(String[] args) throws Exception {
    NodeMain.run(args, new ElasticsearchNode());
  }

  @Override
  public void start(int httpPort, String dataDir, String clusterName) {
    runner.setMaxHttpPort(httpPort + 50);
    runner.onBuild((number, settings) -> NodeMain.SETTINGS.forEach(settings::put));
    // The runner puts node N's HTTP on basePort + N; with one node that is basePort + 1.
    runner.build(
        ElasticsearchClusterRunner.newConfigs()
            .basePath(dataDir)
            .numOfNode(1)
            .baseHttpPort(httpPort - 1)
            .clusterName(clusterName)
            .disableESLogger());
    runner.ensureYellow();
  }

  @Override
  public void stop() throws Exception {
    if (!runner.isClosed()) runner.close();
  }
}
