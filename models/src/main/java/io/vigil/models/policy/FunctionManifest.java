package io.vigil.models.policy;

import java.io.Serializable;
import java.util.List;

/**
 * What Vigil reads from a GitOps {@code kind: LambdaFunction} manifest: the declared memory size
 * (and its line, for RIGHTSIZE patches) and the budgets from {@code finops.monitoringAlerts}.
 */
public record FunctionManifest(
    String functionName,
    String file,
    int memorySizeMb,
    int memorySizeLine,
    String costAllocationTag,
    List<BudgetRule> budgets)
    implements Serializable {}
