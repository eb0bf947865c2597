package io.vigil.actuator;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root from the module folder. */
final class Paths {
  private Paths() {}

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("deploy"))) p = p.getParent();
    if (p == null) throw new IllegalStateException("repository root not found");
    return p;
  }
}
