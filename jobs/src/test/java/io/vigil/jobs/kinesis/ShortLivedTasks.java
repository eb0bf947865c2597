package io.vigil.jobs.kinesis;

import io.vigil.operators.control.NoPoliciesSource;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The tasks of a job that finish soon after it starts: the empty policy source of a job without a
 * policy folder ({@link NoPoliciesSource}) and every task fed by it alone. They finish right after
 * the first checkpoint that completes (their final checkpoint). A stop-with-savepoint triggered in
 * that moment reaches a task its TaskManager has just removed ("TaskManager received a checkpoint
 * request for unknown task ... Task local checkpoint failure"): the savepoint fails and the job
 * fails over instead of stopping. Once a completed checkpoint lists these tasks as finished, the
 * JobManager knows they are done and sends them no more triggers, so a stop is safe.
 */
final class ShortLivedTasks {
  private final Set<OperatorID> operators;

  private ShortLivedTasks(Set<OperatorID> operators) {
    this.operators = operators;
  }

  /** The short-lived operators of the job {@code env} would run now (call before executing it). */
  static ShortLivedTasks of(StreamExecutionEnvironment env) {
    JobGraph graph = env.getStreamGraph(false).getJobGraph();
    Set<JobVertex> bounded = new HashSet<>();
    for (JobVertex v : graph.getVertices()) {
      if (v.isInputVertex() && v.getName().startsWith("Source: " + NoPoliciesSource.NAME)) {
        bounded.add(v);
      }
    }
    boolean grew = true;
    while (grew) {
      grew = false;
      for (JobVertex v : graph.getVertices()) {
        if (!v.isInputVertex()
            && !bounded.contains(v)
            && v.getInputs().stream()
                .map(JobEdge::getSource)
                .allMatch(d -> bounded.contains(d.getProducer()))) {
          grew = bounded.add(v);
        }
      }
    }
    return new ShortLivedTasks(
        bounded.stream()
            .flatMap(v -> v.getOperatorIDs().stream())
            .map(OperatorIDPair::getGeneratedOperatorID)
            .collect(Collectors.toSet()));
  }

  /** How many operators are short-lived (the job without a policy folder has some). */
  int size() {
    return operators.size();
  }

  /** Whether the newest completed checkpoint under {@code checkpoints} lists all as finished. */
  boolean finishedIn(Path checkpoints) {
    Optional<Path> metadata = newestMetadata(checkpoints);
    if (metadata.isEmpty()) return false;
    try (InputStream in = Files.newInputStream(metadata.get())) {
      CheckpointMetadata m =
          Checkpoints.loadCheckpointMetadata(
              new DataInputStream(in),
              ShortLivedTasks.class.getClassLoader(),
              metadata.get().getParent().toString());
      Set<OperatorID> finished =
          m.getOperatorStates().stream()
              .filter(OperatorState::isFullyFinished)
              .map(OperatorState::getOperatorID)
              .collect(Collectors.toSet());
      return finished.containsAll(operators);
    } catch (IOException | RuntimeException beingWrittenOrDeleted) {
      return false;
    }
  }

  private static Optional<Path> newestMetadata(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) return Optional.empty();
    try (Stream<Path> files = Files.walk(checkpoints)) {
      return files
          .filter(p -> p.getFileName().toString().equals("_metadata"))
          .filter(p -> p.getParent().getFileName().toString().startsWith("chk-"))
          .max(Comparator.comparingLong(ShortLivedTasks::checkpointId));
    } catch (IOException | UncheckedIOException racing) {
      return Optional.empty();
    }
  }

  private static long checkpointId(Path metadata) {
    return Long.parseLong(metadata.getParent().getFileName().toString().substring("chk-".length()));
  }
}
