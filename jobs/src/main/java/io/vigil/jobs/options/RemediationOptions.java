package io.vigil.jobs.options;

import io.vigil.operators.config.OptionLists;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The remediation topic: signed actions for the actuator. The only place their defaults live. */
public final class RemediationOptions {
  private RemediationOptions() {}

  public static final ConfigOption<String> STREAM =
      ConfigOptions.key("vigil.remediation.stream")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kinesis stream of the remediation topic (signed actions for the actuator). Unset:"
                  + " actions go to the actions output only. Key: VIGIL_HMAC_KEY or VIGIL_HMAC_SECRET_ID.");

  public static final ConfigOption<String> REGION =
      ConfigOptions.key("vigil.remediation.region")
          .stringType()
          .defaultValue("us-east-1")
          .withDescription("Region of the remediation stream.");

  public static final ConfigOption<String> ENDPOINT =
      ConfigOptions.key("vigil.remediation.endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription("Kinesis endpoint override for the remediation stream (kinesalite).");

  public static final ConfigOption<String> AUDIENCE =
      ConfigOptions.key("vigil.remediation.audience")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Audience signed into every remediation action; the actuator rejects actions for"
                  + " another audience. Unset: the remediation stream name.");

  public static final ConfigOption<String> KMS_KEY_ID =
      ConfigOptions.key("vigil.remediation.kms-key-id")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "AWS KMS asymmetric key (ECDSA_SHA_256) that signs remediation actions (kms:Sign);"
                  + " the actuator verifies with its public key (--kms-key-id). Unset: HMAC.");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(RemediationOptions.class);
  }
}
