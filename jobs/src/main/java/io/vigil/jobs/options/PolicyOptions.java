package io.vigil.jobs.options;

import io.vigil.operators.config.OptionLists;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Policies as code and human feedback, which steer detection and planning. The only place their
 * defaults live.
 */
public final class PolicyOptions {
  private PolicyOptions() {}

  public static final ConfigOption<String> POLICY_DIR =
      ConfigOptions.key("vigil.policy.dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Folder of policies as code (docs/remediation.md). Validated at start: an invalid"
                  + " folder stops the job. Unset: built-in dry-run planning only.");

  public static final ConfigOption<Duration> POLICY_RELOAD_INTERVAL =
      ConfigOptions.key("vigil.policy.reload-interval")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "How often the policy folder is re-read; changes are broadcast and applied whole, or"
                  + " rejected whole and reported. 0 = read once at start.");

  public static final ConfigOption<String> FEEDBACK_DIR =
      ConfigOptions.key("vigil.feedback.dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Folder of human feedback (*.jsonl, written by vigil feedback): a false positive"
                  + " suppresses that function's findings of that type (to"
                  + " the suppressed-findings output) until 'until' (default 24 h) and desensitises"
                  + " the type. Unset: no feedback.");

  public static final ConfigOption<Duration> FEEDBACK_POLL_INTERVAL =
      ConfigOptions.key("vigil.feedback.poll-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "How often the feedback folder is checked for new lines. 0 = read once at start"
                  + " (bounded jobs such as replays).");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(PolicyOptions.class);
  }
}
