package io.vigil.models.policy;

import io.vigil.models.finding.FunctionConfig;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What Vigil reads from a GitOps {@code kind: LambdaFunction} manifest: the declared memory size
 * (and its line, for RIGHTSIZE patches), the budgets from {@code finops.monitoringAlerts}, the
 * function's tags ({@code spec.tags}, plus {@code finops.costAllocationTag} as {@code Key:Value})
 * and its configuration where declared ({@code runtime}, {@code timeout} in seconds, {@code
 * architecture}, {@code vpcConfig}); absent configuration is null / -1 / empty.
 */
public record FunctionManifest(
    String functionName,
    String file,
    int memorySizeMb,
    int memorySizeLine,
    String costAllocationTag,
    List<BudgetRule> budgets,
    Map<String, String> tags,
    String runtime,
    int timeoutSeconds,
    String architecture,
    List<String> subnetIds,
    List<String> securityGroupIds)
    implements Serializable {

  /** True when the manifest declares a VPC attachment (subnets). */
  public boolean inVpc() {
    return !subnetIds.isEmpty();
  }

  /**
   * What a GitOps manifest declares; null without a manifest. A manifest without {@code vpcConfig}
   * says nothing about the VPC ({@code vpc} stays null), since it may simply not manage it.
   */
  public static FunctionConfig configOf(FunctionManifest m) {
    if (m == null) return null;
    FunctionConfig c =
        FunctionConfig.of(
            m.memorySizeMb(),
            m.timeoutSeconds(),
            m.runtime(),
            m.architecture(),
            m.subnetIds(),
            m.securityGroupIds(),
            FunctionConfig.FROM_MANIFEST);
    if (!m.inVpc() && m.securityGroupIds().isEmpty()) {
      c.vpc = null;
      c.subnetIds = null;
      c.securityGroupIds = null;
    }
    return c;
  }
}
