package io.vigil.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One declaration of the actuator's settings, read from flags (poller, CLI) and environment
 * (Lambda).
 */
class ActuatorConfigTest {
  @Test
  void noFlagsMeansTheDeclaredDefaultsWithDryRunOn() {
    ActuatorConfig c = ActuatorConfig.fromArgs();
    ActuatorOptions declared = new ActuatorOptions();
    assertThat(c.dryRun).isTrue();
    assertThat(c.streamName).isEqualTo(declared.streamName);
    assertThat(c.cooldownMs).isEqualTo(declared.cooldownMs).isEqualTo(15 * 60_000L);
    assertThat(c.stateDir).isEqualTo(Path.of("actuator-state"));
    assertThat(c.accountId).isNull();
    assertThat(c.audience()).isEqualTo("vigil-remediation");
  }

  @Test
  void flagsSetTheFieldsWithDurationsAndRepeatedGlobs() {
    ActuatorConfig c =
        ActuatorConfig.fromArgs(
            "--stream", "s",
            "--account-id", "123456789012",
            "--cooldown", "5m",
            "--max-lifetime", "2h",
            "--poll-interval", "250ms",
            "--breaker-window", "60000",
            "--allow", "api-*",
            "--allow", "web-*,jobs-*",
            "--deny", "core-*",
            "--state-dir", "/tmp/x");
    assertThat(c.streamName).isEqualTo("s");
    assertThat(c.audience()).isEqualTo("s");
    assertThat(c.cooldownMs).isEqualTo(300_000L);
    assertThat(c.maxLifetimeMs).isEqualTo(7_200_000L);
    assertThat(c.pollIntervalMs).isEqualTo(250L);
    assertThat(c.breakerWindowMs).isEqualTo(60_000L);
    assertThat(c.allow).containsExactly("api-*", "web-*", "jobs-*");
    assertThat(c.deny).containsExactly("core-*");
    assertThat(c.stateDir).isEqualTo(Path.of("/tmp/x"));
  }

  @Test
  void dryRunIsOnlyOffWhenSaidSo() {
    assertThat(ActuatorConfig.fromArgs("--dry-run").dryRun).isTrue();
    assertThat(ActuatorConfig.fromArgs("--dry-run", "true").dryRun).isTrue();
    assertThat(ActuatorConfig.fromArgs("--dry-run", "false").dryRun).isFalse();
    assertThat(ActuatorConfig.fromArgs("--no-dry-run").dryRun).isFalse();
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--dry-run", "nope"))
        .isInstanceOf(CommandLine.ParameterException.class);
  }

  @Test
  void hostileOrMistypedFlagsAreRefusedNamingThem() {
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--cooldown", "-5m"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--cooldown");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--max-lifetime", "forever"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--max-lifetime");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--rate-burst", "many"))
        .hasMessageContaining("--rate-burst");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--protected-tag-key", "x"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--protected-tag-key");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--stream"))
        .isInstanceOf(CommandLine.ParameterException.class);
  }

  @Test
  void everyFlagIsReadFromItsEnvironmentVariable() {
    ActuatorConfig c =
        ActuatorConfig.fromEnv(
            Map.of(
                "VIGIL_STREAM", "topic",
                "VIGIL_ACCOUNT_ID", "123456789012",
                "VIGIL_DRY_RUN", "false",
                "VIGIL_QUARANTINE_SG", "sg-1",
                "VIGIL_DENY", "core-*,billing-*",
                "VIGIL_COOLDOWN", "1h",
                "VIGIL_HMAC_KEY", "ignored here: read by SigningKeys",
                "PATH", "/usr/bin"));
    assertThat(c.streamName).isEqualTo("topic");
    assertThat(c.accountId).isEqualTo("123456789012");
    assertThat(c.dryRun).isFalse();
    assertThat(c.quarantineSecurityGroup).isEqualTo("sg-1");
    assertThat(c.deny).containsExactly("core-*", "billing-*");
    assertThat(c.cooldownMs).isEqualTo(3_600_000L);
    assertThat(ActuatorConfig.fromEnv(Map.of()).dryRun).isTrue();
    assertThatThrownBy(() -> ActuatorConfig.fromEnv(Map.of("VIGIL_DRY_RUN", "maybe")))
        .hasMessageContaining("--dry-run");
  }

  @Test
  void theLambdaHandlerKeepsItsLedgerOnEfsAndActsInItsOwnRegion() {
    ActuatorConfig lambda = KinesisEventHandler.config(Map.of("AWS_REGION", "eu-west-1"));
    assertThat(lambda.stateDir).isEqualTo(Path.of(KinesisEventHandler.LAMBDA_STATE_DIR));
    assertThat(lambda.region).isEqualTo("eu-west-1");
    assertThat(lambda.dryRun).isTrue();
    ActuatorConfig explicit =
        KinesisEventHandler.config(
            Map.of(
                "AWS_REGION", "eu-west-1", "VIGIL_REGION", "us-west-2", "VIGIL_STATE_DIR", "/efs"));
    assertThat(explicit.region).isEqualTo("us-west-2");
    assertThat(explicit.stateDir).isEqualTo(Path.of("/efs"));
  }

  @Test
  void everyFlagIsDescribedAndHasAnEnvironmentName() {
    StringWriter help = new StringWriter();
    new CommandLine(new ActuatorOptions()).usage(new PrintWriter(help));
    for (OptionSpec o : CommandSpec.forAnnotatedObject(new ActuatorOptions()).options()) {
      assertThat(o.description()).as(o.longestName()).isNotEmpty();
      assertThat(help.toString()).contains(o.longestName());
      assertThat(ActuatorConfig.envName(o.longestName())).matches("VIGIL_[A-Z_]+");
    }
    assertThat(help.toString())
        .contains("default: 900000 ms")
        .contains("default: vigil-remediation");
  }

  @Test
  void valuesNoFlagMayTakeFailTheBuildNamingTheFlag() {
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--account-id", "12345"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--account-id")
        .hasMessageContaining("12 digits");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--rate-burst", "-1"))
        .hasMessageContaining("--rate-burst");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--rate-per-minute", "NaN"))
        .hasMessageContaining("--rate-per-minute");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--breaker-max", "-3"))
        .hasMessageContaining("--breaker-max");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--max-record-bytes", "0"))
        .hasMessageContaining("--max-record-bytes");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--poll-interval", "0ms"))
        .hasMessageContaining("--poll-interval");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--stream", " "))
        .hasMessageContaining("--stream");
    assertThatThrownBy(() -> ActuatorConfig.fromArgs("--account-id", "1\nAPPLIED"))
        .hasMessageContaining("1\\u000aAPPLIED")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ActuatorConfig.fromEnv(Map.of("VIGIL_REGION", "")))
        .hasMessageContaining("--region");
    // A copy is validated like a parse: code cannot switch a guardrail off either.
    assertThatThrownBy(() -> ActuatorConfig.defaults().with(o -> o.cooldownMs = -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cooldown");
    assertThatThrownBy(() -> ActuatorConfig.defaults().with(o -> o.breakerOpenMs = -1))
        .hasMessageContaining("--breaker-open");
    assertThatThrownBy(() -> ActuatorConfig.defaults().with(o -> o.stateDir = null))
        .hasMessageContaining("--state-dir");
  }

  @Test
  void aBuiltConfigIsImmutableAndCopiesLeaveItAlone() {
    ActuatorOptions options = ActuatorOptions.fromArgs("--allow", "api-*");
    ActuatorConfig c = options.build();
    options.allow.add("everything-*");
    options.dryRun = false;
    assertThat(c.allow).containsExactly("api-*");
    assertThat(c.dryRun).isTrue();
    assertThatThrownBy(() -> c.allow.add("x")).isInstanceOf(UnsupportedOperationException.class);
    ActuatorConfig enforcing = c.with(o -> o.dryRun = false);
    ActuatorConfig widened = c.with(o -> o.allow.add("web-*"));
    assertThat(enforcing.dryRun).isFalse();
    assertThat(widened.allow).containsExactly("api-*", "web-*");
    assertThat(c.dryRun).isTrue();
    assertThat(c.allow).containsExactly("api-*");
    assertThat(enforcing.allow).containsExactly("api-*");
  }

  @Test
  void toStringNeverShowsSecrets() {
    ActuatorConfig c =
        ActuatorConfig.fromArgs(
            "--access-key-id", "AKIDTEST",
            "--secret-access-key", "s3cr3t-value",
            "--es-url", "https://admin:hunter2@es.internal:9200",
            "--account-id", "123456789012");
    assertThat(c.toString())
        .contains("123456789012", "AKIDTEST", "es.internal:9200", "dryRun=true")
        .doesNotContain("s3cr3t-value")
        .doesNotContain("hunter2");
  }
}
