package io.vigil.operators.detect;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FunctionConfig;
import io.vigil.models.policy.FunctionTag;
import java.util.Arrays;
import java.util.Map;

/**
 * A function's tags and configuration as detection knows them: the Lambda API's (on the metric
 * buckets, when the function lookup runs) under the GitOps manifest's. Policy selectors match on
 * {@link #tagMap()}, and every finding of the function is stamped with both.
 */
record FunctionFacts(FunctionTag[] tags, FunctionConfig config) {
  static final FunctionFacts NONE = new FunctionFacts(null, null);

  /**
   * These (live) facts under a manifest's: its tags win except that protection is never lost
   * ({@link FunctionTag#mergeKeepingProtection}); the live configuration wins field by field.
   */
  FunctionFacts withManifest(Map<String, String> manifestTags, FunctionConfig manifestConfig) {
    if (manifestTags.isEmpty() && manifestConfig == null) return this;
    return new FunctionFacts(
        FunctionTag.mergeKeepingProtection(FunctionTag.toMap(tags), manifestTags),
        FunctionConfig.overlay(manifestConfig, config));
  }

  Map<String, String> tagMap() {
    return FunctionTag.toMap(tags);
  }

  /** Sets what is known on {@code f} (unknown parts leave the finding's own). */
  Finding stamp(Finding f) {
    if (tags != null) f.tags = tags;
    if (config != null) f.config = config;
    return f;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunctionFacts x
        && Arrays.equals(tags, x.tags)
        && java.util.Objects.equals(config, x.config);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(tags);
  }
}
