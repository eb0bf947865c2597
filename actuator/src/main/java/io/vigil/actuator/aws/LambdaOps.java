package io.vigil.actuator.aws;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.VpcConfig;

/**
 * The only Lambda control-plane calls the actuator makes. The IAM policy in deploy/iam is checked
 * against the {@code lambda:} names in this file by a test: add a call here, add it there. Every
 * {@code fn} is the function ARN ({@link io.vigil.actuator.Target}), never a bare name, so the
 * account and region acted on are the ones the message was verified for. A read-only instance (the
 * dry-run actuator's) refuses every mutating call, whatever path reaches it.
 */
public final class LambdaOps {
  /** IAM actions used below; keep in sync with the calls. */
  public static final List<String> IAM_ACTIONS =
      List.of(
          "lambda:GetFunctionConcurrency",
          "lambda:PutFunctionConcurrency",
          "lambda:DeleteFunctionConcurrency",
          "lambda:GetFunctionConfiguration",
          "lambda:UpdateFunctionConfiguration",
          "lambda:ListTags");

  /** Security groups and subnets of a function (empty when it is not in a VPC). */
  public record Vpc(List<String> subnetIds, List<String> securityGroupIds) {}

  private final LambdaClient lambda;
  private final boolean readOnly;

  public LambdaOps(LambdaClient lambda) {
    this(lambda, false);
  }

  private LambdaOps(LambdaClient lambda, boolean readOnly) {
    this.lambda = lambda;
    this.readOnly = readOnly;
  }

  /** The same client with every mutating call refused (dry-run). */
  public LambdaOps readOnly() {
    return new LambdaOps(lambda, true);
  }

  private void mutating(String what) {
    if (readOnly) throw new IllegalStateException("dry-run: refused mutating call " + what);
  }

  /** Reserved concurrency, or null when none is set. */
  public Integer reservedConcurrency(String fn) {
    return lambda.getFunctionConcurrency(r -> r.functionName(fn)).reservedConcurrentExecutions();
  }

  public void putReservedConcurrency(String fn, int n) {
    mutating("PutFunctionConcurrency");
    lambda.putFunctionConcurrency(r -> r.functionName(fn).reservedConcurrentExecutions(n));
  }

  public void deleteReservedConcurrency(String fn) {
    mutating("DeleteFunctionConcurrency");
    lambda.deleteFunctionConcurrency(r -> r.functionName(fn));
  }

  public Vpc vpc(String fn) {
    GetFunctionConfigurationResponse c = lambda.getFunctionConfiguration(r -> r.functionName(fn));
    if (c.vpcConfig() == null) return new Vpc(List.of(), List.of());
    return new Vpc(
        List.copyOf(c.vpcConfig().subnetIds()), List.copyOf(c.vpcConfig().securityGroupIds()));
  }

  public void setVpc(String fn, List<String> subnets, List<String> securityGroups) {
    mutating("UpdateFunctionConfiguration");
    lambda.updateFunctionConfiguration(
        r ->
            r.functionName(fn)
                .vpcConfig(
                    VpcConfig.builder()
                        .subnetIds(subnets)
                        .securityGroupIds(securityGroups)
                        .build()));
  }

  public Map<String, String> tags(String arn) {
    return lambda.listTags(r -> r.resource(arn)).tags();
  }
}
