package io.vigil.testkit.kinesalite;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A kinesalite server (a real Kinesis API implementation in Node.js) for tests, in memory on a free
 * port. Installs kinesalite 3.3.3 with npm into {@code <module>/target/kinesalite} on first use
 * (needs {@code node} and {@code npm} on the PATH and access to the npm registry), then runs {@code
 * node node_modules/kinesalite/cli.js --port <free port>}, waits for the port and kills the process
 * on {@link #close()}.
 */
public final class Kinesalite implements AutoCloseable {
  public static final String VERSION = "3.3.3";

  /** Shards per account (kinesalite's default, like AWS's, is 10: too few for several runs). */
  public static final int SHARD_LIMIT = 200;

  private final Process process;
  private final int port;
  private final Thread shutdownHook;

  private Kinesalite(Process process, int port) {
    this.process = process;
    this.port = port;
    this.shutdownHook = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Installs kinesalite if needed and starts it; fails with the reason when it cannot. */
  public static Kinesalite start() throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");
    Path prefix = home.resolve("kinesalite");
    Path cli = prefix.resolve("node_modules/kinesalite/cli.js");
    if (!Files.exists(cli)) install(prefix);
    int port = freePort();
    Path log = prefix.resolve("kinesalite-" + port + ".log");
    Process p =
        new ProcessBuilder(
                List.of(
                    "node",
                    cli.toString(),
                    "--port",
                    String.valueOf(port),
                    "--createStreamMs",
                    "50",
                    "--deleteStreamMs",
                    "50",
                    "--updateStreamMs",
                    "50",
                    "--shardLimit",
                    String.valueOf(SHARD_LIMIT)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Kinesalite k = new Kinesalite(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!p.isAlive()) {
        k.close();
        throw new IllegalStateException(
            "kinesalite exited with " + p.exitValue() + ": " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return k;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          k.close();
          throw new IllegalStateException("kinesalite did not open port " + port + " in 60 s");
        }
        Thread.sleep(100);
      }
    }
  }

  private static void install(Path prefix) throws IOException, InterruptedException {
    Files.createDirectories(prefix);
    Path log = prefix.resolve("npm-install.log");
    Process npm;
    try {
      npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--no-audit",
                  "--no-fund",
                  "--prefix",
                  prefix.toString(),
                  "kinesalite@" + VERSION)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "npm is needed to install kinesalite for the Kinesis tests: " + e.getMessage(), e);
    }
    if (!npm.waitFor(5, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm install kinesalite timed out; see " + log);
    }
    if (npm.exitValue() != 0) {
      throw new IllegalStateException(
          "npm install kinesalite failed (" + npm.exitValue() + "): " + Files.readString(log));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  /** {@code http://localhost:<port>}. */
  public String endpoint() {
    return "http://localhost:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // JVM exit in progress: the hook runs anyway
    }
  }
}
