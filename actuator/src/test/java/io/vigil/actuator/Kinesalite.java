package io.vigil.actuator;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Kinesis API server (kinesalite, in Node) for tests: installed once with npm into the
 * system temp folder, started on a free port, stopped by pid.
 */
final class Kinesalite implements AutoCloseable {
  static final String VERSION = "3.3.3";
  final int port;
  private final Process process;

  private Kinesalite(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  String endpoint() {
    return "http://localhost:" + port;
  }

  static Kinesalite start(Path logDir) throws Exception {
    Path home = Path.of(System.getProperty("java.io.tmpdir"), "vigil-kinesalite-" + VERSION);
    Path cli = home.resolve("node_modules/kinesalite/cli.js");
    synchronized (Kinesalite.class) {
      if (!Files.exists(cli)) {
        Files.createDirectories(home);
        Process npm =
            new ProcessBuilder(
                    "npm",
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                    home.toString(),
                    "kinesalite@" + VERSION)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("npm-install.log").toFile())
                .start();
        if (npm.waitFor() != 0 || !Files.exists(cli)) {
          throw new IllegalStateException(
              "npm install kinesalite failed: "
                  + Files.readString(logDir.resolve("npm-install.log")));
        }
      }
    }
    int port = freePort();
    Process p =
        new ProcessBuilder(
                "node",
                cli.toString(),
                "--port",
                String.valueOf(port),
                "--createStreamMs",
                "0",
                "--shardLimit",
                "100")
            .redirectErrorStream(true)
            .redirectOutput(new File(logDir.toFile(), "kinesalite.log"))
            .start();
    Kinesalite k = new Kinesalite(port, p);
    for (int i = 0; i < 600; i++) { // waits for the port, up to a minute on a busy machine
      if (!p.isAlive())
        throw new IllegalStateException(
            "kinesalite exited: " + Files.readString(logDir.resolve("kinesalite.log")));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("localhost", port), 200);
        return k;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    k.close();
    throw new IllegalStateException("kinesalite did not start");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
