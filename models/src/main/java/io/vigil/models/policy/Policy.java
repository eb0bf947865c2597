package io.vigil.models.policy;

import io.vigil.models.settings.DetectorSettings;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One {@code kind: Policy} document. {@code thresholds} are {@link DetectorSettings} field
 * overrides, applied after the {@code sensitivity} preset.
 */
public record Policy(
    String name,
    String file,
    int priority,
    Selector selector,
    String sensitivity,
    Map<String, Double> thresholds,
    List<BudgetRule> budgets,
    List<ActionRule> actions)
    implements Serializable {}
