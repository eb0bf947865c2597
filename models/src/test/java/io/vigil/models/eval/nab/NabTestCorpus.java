package io.vigil.models.eval.nab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates the shared NAB corpus for tests: {@code -Dnab.corpus=...} or {@code ../shared/nab}. */
final class NabTestCorpus {
  private NabTestCorpus() {}

  private static NabCorpus cached;

  static Optional<Path> locate() {
    String prop = System.getProperty("nab.corpus");
    if (prop != null && Files.isDirectory(Path.of(prop, "data"))) {
      return Optional.of(Path.of(prop));
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (String rel : new String[] {"../shared/nab", "../../shared/nab", "../../../shared/nab"}) {
      Path p = cwd.resolve(rel).normalize();
      if (Files.isDirectory(p.resolve("data"))
          && Files.exists(p.resolve("combined_windows.json"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static synchronized NabCorpus load(Path root) {
    if (cached == null) {
      cached = NabCorpus.load(root);
    }
    return cached;
  }
}
