package io.vigil.operators;

import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import org.apache.flink.util.OutputTag;

/** Every side output of the job, in one place. */
public final class OutputTags {
  /** Records that could not be decoded, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>(
          "dead-letters",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

  /** Findings held back by human feedback (false positives): counted and kept, never lost. */
  public static final OutputTag<Finding> SUPPRESSED_FINDINGS =
      new OutputTag<>(
          "suppressed-findings",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(Finding.class));

  private OutputTags() {}
}
