package io.vigil.models.eval.nab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the shared NAB corpus for tests: {@code -Dnab.corpus=...} or {@code ../shared/nab}. A
 * missing corpus fails the NAB tests (CI has {@code ../shared} beside the clone): a skipped
 * benchmark must not pass as green.
 */
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

  /** The corpus, or an {@link AssertionError} naming where it was looked for. */
  static NabCorpus require() {
    Path root =
        locate()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "NAB corpus not found: set -Dnab.corpus=DIR or put it at ../shared/nab"
                            + " (searched from "
                            + Path.of("").toAbsolutePath()
                            + ")"));
    return load(root);
  }

  static synchronized NabCorpus load(Path root) {
    if (cached == null) {
      cached = NabCorpus.load(root);
    }
    return cached;
  }
}
