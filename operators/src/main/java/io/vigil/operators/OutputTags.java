package io.vigil.operators;

import io.vigil.models.event.DeadLetter;
import org.apache.flink.util.OutputTag;

/** Every side output of the job, in one place. */
public final class OutputTags {
  /** Records that could not be decoded, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>(
          "dead-letters",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));

  private OutputTags() {}
}
