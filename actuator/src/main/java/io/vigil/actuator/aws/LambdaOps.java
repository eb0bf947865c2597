package io.vigil.actuator.aws;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.VpcConfig;

/**
 * The only Lambda control-plane calls the actuator makes. The IAM policy in deploy/iam is checked
 * against the {@code lambda:} names in this file by a test: add a call here, add it there.
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

  public LambdaOps(LambdaClient lambda) {
    this.lambda = lambda;
  }

  /** Reserved concurrency, or null when none is set. */
  public Integer reservedConcurrency(String fn) {
    return lambda.getFunctionConcurrency(r -> r.functionName(fn)).reservedConcurrentExecutions();
  }

  public void putReservedConcurrency(String fn, int n) {
    lambda.putFunctionConcurrency(r -> r.functionName(fn).reservedConcurrentExecutions(n));
  }

  public void deleteReservedConcurrency(String fn) {
    lambda.deleteFunctionConcurrency(r -> r.functionName(fn));
  }

  public Vpc vpc(String fn) {
    GetFunctionConfigurationResponse c = lambda.getFunctionConfiguration(r -> r.functionName(fn));
    if (c.vpcConfig() == null) return new Vpc(List.of(), List.of());
    return new Vpc(
        List.copyOf(c.vpcConfig().subnetIds()), List.copyOf(c.vpcConfig().securityGroupIds()));
  }

  public String functionArn(String fn) {
    return lambda.getFunctionConfiguration(r -> r.functionName(fn)).functionArn();
  }

  public void setVpc(String fn, List<String> subnets, List<String> securityGroups) {
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
