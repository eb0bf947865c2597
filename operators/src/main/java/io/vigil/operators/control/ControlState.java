package io.vigil.operators.control;

import io.vigil.models.finding.Feedback;
import io.vigil.models.policy.PolicyLoader;
import io.vigil.models.policy.PolicySet;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The broadcast state of the control stream, shared by detection and action planning. Names are
 * part of savepoint compatibility: never rename one without a migration.
 */
public final class ControlState {
  private ControlState() {}

  /**
   * The policy files (name -> YAML text) of the set in force. Texts, not the typed set: they are
   * the stable, readable form in checkpoints, and a restore rebuilds the set from them.
   */
  public static final MapStateDescriptor<String, String> POLICY_FILES =
      new MapStateDescriptor<>(
          "policy-files", BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.STRING_TYPE_INFO);

  /** Human verdicts by (function, type, incident, verdict), as received. */
  public static final MapStateDescriptor<String, Feedback> FEEDBACK =
      new MapStateDescriptor<>("detect-feedback", Types.STRING, TypeInformation.of(Feedback.class));

  /** Every broadcast state of the control stream, for {@code DataStream.broadcast}. */
  public static MapStateDescriptor<?, ?>[] all() {
    return new MapStateDescriptor<?, ?>[] {POLICY_FILES, FEEDBACK};
  }

  /** Makes a parsed bundle the set in force and returns its typed set. */
  public static PolicySet store(BroadcastState<String, String> state, PolicyBundle bundle)
      throws Exception {
    if (bundle.set == null) {
      throw new IllegalStateException(
          "policy bundle " + bundle.revision + " reached a consumer unparsed");
    }
    state.clear();
    state.putAll(bundle.files);
    return bundle.set;
  }

  /**
   * The set in force when an operator has none in memory, i.e. after a restore: the checkpointed
   * texts parsed again (they validated when stored); the empty set before any bundle.
   */
  public static PolicySet restore(ReadOnlyBroadcastState<String, String> state) throws Exception {
    Map<String, String> files = new HashMap<>();
    for (Map.Entry<String, String> e : state.immutableEntries())
      files.put(e.getKey(), e.getValue());
    return files.isEmpty() ? PolicySet.empty() : PolicyLoader.loadTexts(files).orThrow();
  }
}
