package io.vigil.actuator.store;

import io.vigil.models.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Operator requests shared by the CLI and the actuator through a folder: {@code approvals/ID.json}
 * (written by {@code vigil approve}) and {@code rollback-requests/ID.json} (written by {@code vigil
 * rollback}, consumed by the actuator). Files are written atomically and never edited, so two
 * processes can share the folder without locks.
 */
public final class ApprovalStore {
  /** One operator request. */
  public static final class Request {
    public String actionId;
    public String by;
    public long at;
    public String note;
  }

  private final Path approvals;
  private final Path rollbacks;

  public ApprovalStore(Path stateDir) {
    this.approvals = stateDir.resolve("approvals");
    this.rollbacks = stateDir.resolve("rollback-requests");
  }

  public void approve(String actionId, String by, long at) {
    write(approvals, actionId, by, at);
  }

  public boolean isApproved(String actionId) {
    return AtomicFiles.safeName(actionId) && Files.exists(approvals.resolve(actionId + ".json"));
  }

  public void requestRollback(String actionId, String by, long at) {
    write(rollbacks, actionId, by, at);
  }

  public List<String> rollbackRequests() {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(rollbacks)) return out;
    try (Stream<Path> s = Files.list(rollbacks)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json") && !n.startsWith("."))
          .sorted()
          .forEach(n -> out.add(n.substring(0, n.length() - 5)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public void clearRollbackRequest(String actionId) {
    try {
      Files.deleteIfExists(rollbacks.resolve(actionId + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path dir, String actionId, String by, long at) {
    if (!AtomicFiles.safeName(actionId)) {
      throw new IllegalArgumentException("invalid action id: " + actionId);
    }
    Request r = new Request();
    r.actionId = actionId;
    r.by = by;
    r.at = at;
    AtomicFiles.write(dir.resolve(actionId + ".json"), Json.write(r));
  }
}
