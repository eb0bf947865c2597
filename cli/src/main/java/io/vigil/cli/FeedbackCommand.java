package io.vigil.cli;

import io.vigil.models.finding.Feedback;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil feedback}: records a human verdict on an incident as one validated JSON line in the
 * feedback folder the job watches ({@code vigil.feedback.dir}).
 */
@Command(
    name = "feedback",
    mixinStandardHelpOptions = true,
    description = {
      "Records a verdict on an incident for the running job (vigil.feedback.dir).",
      "A false positive suppresses that function's findings of that type until --until"
          + " (default: 24 h of event time) and desensitises the type; confirmed is recorded"
          + " for evaluation."
    })
public final class FeedbackCommand implements Callable<Integer> {
  /** The file lines are appended to. */
  public static final String FILE = "feedback.jsonl";

  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, description = "Feedback folder (vigil.feedback.dir).")
  Path dir;

  @Option(names = "--incident", required = true, description = "Incident id (finding incidentId).")
  String incident;

  @Option(names = "--function", required = true, description = "Function name.")
  String function;

  @Option(names = "--type", required = true, description = "Finding type, e.g. ERROR_STORM.")
  String type;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Verdict verdict;

  static final class Verdict {
    @Option(names = "--false-positive", required = true, description = "Not a real problem.")
    boolean falsePositive;

    @Option(names = "--confirmed", required = true, description = "A real problem.")
    boolean confirmed;
  }

  @Option(
      names = "--until",
      description = "False positives: suppress until this instant (2025-12-01T00:00:00Z).")
  String until;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Feedback f =
        new Feedback(
            incident,
            function,
            type,
            verdict.falsePositive ? Feedback.FALSE_POSITIVE : Feedback.CONFIRMED,
            until);
    try {
      f.validate();
    } catch (IllegalArgumentException e) {
      err.println("invalid feedback: " + e.getMessage());
      err.flush();
      return 2;
    }
    String line = f.toLine();
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve(FILE),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      err.println("cannot write " + dir.resolve(FILE) + ": " + e.getMessage());
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("recorded in " + dir.resolve(FILE) + ": " + line);
    out.flush();
    return 0;
  }
}
