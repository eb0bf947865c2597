package io.vigil.jobs.kinesis;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;

/**
 * The operators the newest completed checkpoint lists as finished. A task that finishes while the
 * job runs races a stop-with-savepoint triggered in that moment ("TaskManager received a checkpoint
 * request for unknown task ... Task local checkpoint failure": the savepoint fails and the job
 * fails over instead of stopping), so a job on unbounded input must have none.
 */
final class FinishedOperators {
  private FinishedOperators() {}

  /** Empty until a checkpoint has completed under {@code checkpoints}. */
  static Optional<Set<OperatorID>> inNewestCheckpoint(Path checkpoints) {
    Optional<Path> metadata = newestMetadata(checkpoints);
    if (metadata.isEmpty()) return Optional.empty();
    try (InputStream in = Files.newInputStream(metadata.get())) {
      CheckpointMetadata m =
          Checkpoints.loadCheckpointMetadata(
              new DataInputStream(in),
              FinishedOperators.class.getClassLoader(),
              metadata.get().getParent().toString());
      return Optional.of(
          m.getOperatorStates().stream()
              .filter(OperatorState::isFullyFinished)
              .map(OperatorState::getOperatorID)
              .collect(Collectors.toSet()));
    } catch (IOException | RuntimeException beingWrittenOrDeleted) {
      return Optional.empty();
    }
  }

  private static Optional<Path> newestMetadata(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) return Optional.empty();
    try (Stream<Path> files = Files.walk(checkpoints)) {
      return files
          .filter(p -> p.getFileName().toString().equals("_metadata"))
          .filter(p -> p.getParent().getFileName().toString().startsWith("chk-"))
          .max(Comparator.comparingLong(FinishedOperators::checkpointId));
    } catch (IOException | UncheckedIOException racing) {
      return Optional.empty();
    }
  }

  private static long checkpointId(Path metadata) {
    return Long.parseLong(metadata.getParent().getFileName().toString().substring("chk-".length()));
  }
}
