package io.vigil.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.FileUtils;

/**
 * Temporary folders that an embedded run fills (checkpoints, bench recordings) and that must not
 * outlive it: {@link java.io.File#deleteOnExit()} removes only empty folders, so every run used to
 * leave its checkpoints (and every bench its recordings, ~0.5 GB each) in the temporary folder
 * until the disk filled. Each folder made here is deleted with its content when the JVM exits, or
 * earlier by {@link #delete}.
 */
public final class ScratchFolders {
  private static final List<Path> FOLDERS = new ArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ScratchFolders::deleteAll, "vigil-scratch-cleanup"));
  }

  private ScratchFolders() {}

  /** A new folder in the temporary folder, deleted with its content at the latest at JVM exit. */
  public static Path create(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    synchronized (FOLDERS) {
      FOLDERS.add(dir);
    }
    return dir;
  }

  /** Deletes a folder made by {@link #create} now, with its content. */
  public static void delete(Path dir) {
    synchronized (FOLDERS) {
      FOLDERS.remove(dir);
    }
    FileUtils.deleteDirectoryQuietly(dir.toFile());
  }

  // Package-private so that a test can run the exit hook's work without exiting.
  static void deleteAll() {
    List<Path> left;
    synchronized (FOLDERS) {
      left = new ArrayList<>(FOLDERS);
      FOLDERS.clear();
    }
    left.forEach(dir -> FileUtils.deleteDirectoryQuietly(dir.toFile()));
  }
}
