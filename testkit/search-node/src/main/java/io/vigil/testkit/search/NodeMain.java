package io.vigil.testkit.search;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The one launcher of a forked search node, for both engines: codelibs' {@code
 * ElasticsearchClusterRunner} (Elasticsearch 7.10) and {@code OpenSearchRunner} (OpenSearch 2.19)
 * have the same API in two packages, and each lives only on its own forked classpath, so the runner
 * is driven by reflection, named by its class. Starts one node with HTTP on {@code httpPort},
 * prints {@link ForkedNode#READY} once the cluster is yellow, and keeps it up until standard input
 * closes or the process is killed. Usage: {@code NodeMain <runnerClass> <httpPort> <dataDir>}.
 */
public final class NodeMain {
  /** Node settings: no disk watermarks on a test machine, indices created on first write. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "http.type", "netty4",
          "cluster.routing.allocation.disk.threshold_enabled", "false",
          "action.auto_create_index", "true");

  private NodeMain() {}

  public static void main(String[] args) throws Exception {
    Class<?> type = Class.forName(args[0]);
    int httpPort = Integer.parseInt(args[1]);
    Object runner = type.getConstructor().newInstance();
    start(type, runner, httpPort, args[2]);
    System.out.println(ForkedNode.READY + " " + httpPort);
    System.out.flush();
    Thread stopper = new Thread(() -> stopQuietly(runner));
    Runtime.getRuntime().addShutdownHook(stopper);
    while (System.in.read() >= 0) {
      // until the parent closes our stdin
    }
    Runtime.getRuntime().removeShutdownHook(stopper);
    stopQuietly(runner);
    System.exit(0);
  }

  private static void start(Class<?> type, Object runner, int httpPort, String dataDir)
      throws Exception {
    type.getMethod("setMaxHttpPort", int.class).invoke(runner, httpPort + 50);
    Class<?> onBuild = type.getMethod("onBuild", builderType(type)).getParameterTypes()[0];
    Object settings =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {onBuild},
            (proxy, method, a) -> {
              // The callback's one method: build(int nodeNumber, Settings.Builder settings).
              if (!method.getName().equals("build")) {
                throw new UnsupportedOperationException(method.toString());
              }
              Method put = a[1].getClass().getMethod("put", String.class, String.class);
              for (Map.Entry<String, String> e : SETTINGS.entrySet()) {
                put.invoke(a[1], e.getKey(), e.getValue());
              }
              return null;
            });
    type.getMethod("onBuild", onBuild).invoke(runner, settings);
    Object configs = type.getMethod("newConfigs").invoke(null);
    Class<?> c = configs.getClass();
    c.getMethod("basePath", String.class).invoke(configs, dataDir);
    c.getMethod("numOfNode", int.class).invoke(configs, 1);
    // The runner puts node N's HTTP on basePort + N; with one node that is basePort + 1.
    c.getMethod("baseHttpPort", int.class).invoke(configs, httpPort - 1);
    // Unique per node: another test node on this machine (same default transport ports, same
    // node name) must not be discovered as part of this cluster.
    c.getMethod("clusterName", String.class).invoke(configs, "vigil-test-" + httpPort);
    c.getMethod("disableESLogger").invoke(configs);
    type.getMethod("build", c).invoke(runner, configs);
    type.getMethod("ensureYellow", String[].class).invoke(runner, (Object) new String[0]);
  }

  /** The runner's nested {@code Builder} callback interface. */
  private static Class<?> builderType(Class<?> type) throws ClassNotFoundException {
    return Class.forName(type.getName() + "$Builder", false, type.getClassLoader());
  }

  private static void stopQuietly(Object runner) {
    try {
      if (!(Boolean) runner.getClass().getMethod("isClosed").invoke(runner)) {
        runner.getClass().getMethod("close").invoke(runner);
      }
    } catch (Exception e) {
      // shutting down anyway
    }
  }
}
