package io.vigil.jobs.options;

import io.vigil.operators.config.OptionLists;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Attribution and enrichment: the ENI map and the EC2 / Lambda lookups. The only place their
 * defaults live.
 */
public final class EnrichmentOptions {
  private EnrichmentOptions() {}

  public static final ConfigOption<Boolean> ENI_LOOKUP =
      ConfigOptions.key("vigil.flows.eni-lookup")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Attribute flows of ENIs missing from the configured map through EC2"
                  + " DescribeNetworkInterfaces (async, cached, rate-limited).");

  public static final ConfigOption<Double> ENI_LOOKUP_RATE =
      ConfigOptions.key("vigil.flows.eni-lookup.rate")
          .doubleType()
          .defaultValue(5.0)
          .withDescription("EC2 DescribeNetworkInterfaces calls per second per subtask, at most.");

  public static final ConfigOption<Duration> ENI_LOOKUP_TTL =
      ConfigOptions.key("vigil.flows.eni-lookup.cache-ttl")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription("How long an ENI owner (or a miss) stays cached.");

  public static final ConfigOption<Boolean> FUNCTION_LOOKUP =
      ConfigOptions.key("vigil.functions.lookup")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Add each function's tags and configuration from the Lambda API"
                  + " (GetFunctionConfiguration, ListTags; async, cached, rate-limited) to its"
                  + " metric buckets before detection; the GitOps manifest's tags win,"
                  + " vigil:protected=true from either side is kept.");

  public static final ConfigOption<Double> FUNCTION_LOOKUP_RATE =
      ConfigOptions.key("vigil.functions.lookup.rate")
          .doubleType()
          .defaultValue(2.0)
          .withDescription(
              "Lambda API lookups (GetFunctionConfiguration + ListTags) per second per subtask,"
                  + " at most.");

  public static final ConfigOption<Duration> FUNCTION_LOOKUP_TTL =
      ConfigOptions.key("vigil.functions.lookup.cache-ttl")
          .durationType()
          .defaultValue(Duration.ofMinutes(15))
          .withDescription("How long a function's tags and configuration (or a miss) stay cached.");

  public static final ConfigOption<String> LAMBDA_ENDPOINT =
      ConfigOptions.key("vigil.aws.lambda-endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Lambda endpoint override for vigil.functions.lookup (tests, VPC endpoints); the"
                  + " regional one when unset.");

  public static final ConfigOption<String> EC2_ENDPOINT =
      ConfigOptions.key("vigil.aws.ec2-endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "EC2 endpoint override (tests, VPC endpoints); the regional one when unset.");

  public static final ConfigOption<String> FLOWS_ENI_MAP =
      ConfigOptions.key("vigil.flows.eni-map")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "ENI to function map for flow attribution (kinesis and replay sources): a JSON object"
                  + " {\"eni-...\": \"function\"} or CSV lines 'eni,function'; a function given"
                  + " as its Lambda ARN puts its flows in the ARN's region. Unset: a replay"
                  + " uses the recording's eni-map.json (written by vigil simulate), else none.");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(EnrichmentOptions.class);
  }
}
