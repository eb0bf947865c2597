package io.vigil.actuator.store;

import io.vigil.models.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The applied-actions ledger: one JSON file per action id ({@code ledger/ID.json}), each write
 * atomic (temp file + fsync + rename), all entries cached in memory after start.
 *
 * <h2>Why an action is applied at most once, even across crashes</h2>
 *
 * <ol>
 *   <li>Before anything else, a message's id is looked up here; any entry means "already decided"
 *       and the message is skipped. Redelivery (Kinesis replays after a checkpoint that was not
 *       saved, Lambda event-source retries) therefore never acts twice.
 *   <li>Before calling AWS, the actuator reads the prior state and writes an {@code INTENT} entry
 *       holding it. Only then does it call AWS, then it writes {@code APPLIED}, then the caller
 *       saves the stream checkpoint. The order ledger-before-checkpoint means a crash can only lead
 *       to a redelivered message whose id is already here.
 *   <li>A crash between the AWS call and the {@code APPLIED} write leaves {@code INTENT}. On
 *       restart the actuator reconciles each {@code INTENT}: it reads the current state; if the
 *       target is already in effect (the call landed) it marks {@code APPLIED} without calling
 *       again; otherwise it makes the call once. The prior state is the one saved in the intent,
 *       not re-read, so a rollback restores what was there before Vigil touched the function.
 *   <li>The target states are absolute (reserved concurrency = N, security groups = [sg]), so even
 *       the reconcile call is idempotent in AWS terms.
 *   <li>Rollback follows the same pattern with {@code ROLLBACK_INTENT} / {@code ROLLED_BACK}.
 * </ol>
 */
public final class ActionLedger {
  private final Path dir;
  private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();

  public ActionLedger(Path stateDir) {
    this.dir = stateDir.resolve("ledger");
    try {
      Files.createDirectories(dir);
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.sorted().toList()) {
          String n = p.getFileName().toString();
          if (!n.endsWith(".json") || n.startsWith(".")) continue;
          LedgerEntry e = Json.read(Files.readString(p), LedgerEntry.class);
          entries.put(e.id, e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized LedgerEntry get(String id) {
    return entries.get(id);
  }

  public synchronized void put(LedgerEntry e) {
    if (!AtomicFiles.safeName(e.id)) throw new IllegalArgumentException("unsafe id " + e.id);
    AtomicFiles.write(dir.resolve(e.id + ".json"), Json.write(e));
    entries.put(e.id, e);
  }

  public synchronized List<LedgerEntry> inState(LedgerEntry.State... states) {
    List<LedgerEntry> out = new ArrayList<>();
    for (LedgerEntry e : entries.values()) {
      for (LedgerEntry.State s : states) if (e.state == s) out.add(e);
    }
    return out;
  }

  public synchronized Collection<LedgerEntry> all() {
    return List.copyOf(entries.values());
  }

  /** Reads an entry straight from disk (CLI, tests) without loading the whole ledger. */
  public static LedgerEntry read(Path stateDir, String id) throws IOException {
    Path p = stateDir.resolve("ledger").resolve(id + ".json");
    return Files.exists(p) ? Json.read(Files.readString(p), LedgerEntry.class) : null;
  }
}
