package io.vigil.operators.control;

import io.vigil.models.policy.PolicyLoader;
import java.util.Map;

/** Control events as {@link ParsePoliciesFunction} sends them, for operator tests. */
public final class ParsedBundles {
  private ParsedBundles() {}

  /** The files as a parsed bundle on the control stream; they must validate. */
  public static ControlEvent of(String revision, Map<String, String> files) {
    PolicyBundle bundle = new PolicyBundle(revision, files);
    bundle.set = PolicyLoader.loadTexts(files).orThrow();
    return ControlEvent.of(bundle);
  }
}
