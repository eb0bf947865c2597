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
 * rollback}). Each request says who ({@code by}, and the OS user that ran the command) and why.
 * Files are written atomically; a rollback request, once executed, is moved to {@code
 * rollback-requests/done/ID.TIME.json} with its outcome, never deleted.
 */
public final class ApprovalStore {
  /** One operator request. */
  public static final class Request {
    public String actionId;
    public String by;
    public String osUser;
    public long at;
    public String reason;
    public String note;

    /** "alice (os user bob): reason" for audit lines. */
    public String who() {
      String u = osUser == null || osUser.equals(by) ? "" : " (os user " + osUser + ")";
      return by + u;
    }
  }

  private final Path approvals;
  private final Path rollbacks;

  public ApprovalStore(Path stateDir) {
    this.approvals = stateDir.resolve("approvals");
    this.rollbacks = stateDir.resolve("rollback-requests");
  }

  public void approve(String actionId, String by, long at) {
    approve(actionId, by, at, null);
  }

  public void approve(String actionId, String by, long at, String reason) {
    write(approvals, actionId, by, at, reason);
  }

  public boolean isApproved(String actionId) {
    return AtomicFiles.safeName(actionId) && Files.exists(approvals.resolve(actionId + ".json"));
  }

  /** The approval, or null. */
  public Request approval(String actionId) {
    return AtomicFiles.safeName(actionId) ? read(approvals.resolve(actionId + ".json")) : null;
  }

  public void requestRollback(String actionId, String by, long at) {
    requestRollback(actionId, by, at, null);
  }

  public void requestRollback(String actionId, String by, long at, String reason) {
    write(rollbacks, actionId, by, at, reason);
  }

  public Request rollbackRequest(String actionId) {
    return read(rollbacks.resolve(actionId + ".json"));
  }

  public List<String> rollbackRequests() {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(rollbacks)) return out;
    try (Stream<Path> s = Files.list(rollbacks)) {
      s.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json") && !n.startsWith("."))
          .sorted()
          .forEach(n -> out.add(n.substring(0, n.length() - 5)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Moves an executed request to {@code done/} with its outcome (kept for the audit trail). */
  public void completeRollbackRequest(String actionId, String outcome, long at) {
    Path p = rollbacks.resolve(actionId + ".json");
    Request r = read(p);
    if (r == null) return;
    r.note = outcome;
    AtomicFiles.write(
        rollbacks.resolve("done").resolve(actionId + "." + at + ".json"), Json.write(r));
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Executed rollback requests, oldest first. */
  public List<Request> completedRollbacks() {
    List<Request> out = new ArrayList<>();
    Path done = rollbacks.resolve("done");
    if (!Files.isDirectory(done)) return out;
    try (Stream<Path> s = Files.list(done)) {
      for (Path p : s.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
        if (!p.getFileName().toString().startsWith(".")) out.add(read(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static Request read(Path p) {
    try {
      return Files.exists(p) ? Json.read(Files.readString(p), Request.class) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static void write(Path dir, String actionId, String by, long at, String reason) {
    if (!AtomicFiles.safeName(actionId)) {
      throw new IllegalArgumentException("invalid action id: " + actionId);
    }
    Request r = new Request();
    r.actionId = actionId;
    r.by = by;
    r.osUser = System.getProperty("user.name");
    r.at = at;
    r.reason = reason;
    AtomicFiles.write(dir.resolve(actionId + ".json"), Json.write(r));
  }
}
