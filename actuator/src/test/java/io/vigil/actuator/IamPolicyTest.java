package io.vigil.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.models.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The IAM documents parse and grant exactly what the code calls. */
class IamPolicyTest {
  static final Path ROOT = Paths.root();

  static Set<String> allowed(Path policy, String service) throws Exception {
    JsonNode doc = Json.MAPPER.readTree(Files.readString(policy));
    assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
    Set<String> out = new TreeSet<>();
    for (JsonNode st : doc.get("Statement")) {
      assertThat(st.get("Sid").asText()).isNotBlank();
      assertThat(st.get("Resource")).isNotNull();
      if (!st.get("Effect").asText().equals("Allow")) continue;
      JsonNode a = st.get("Action");
      for (JsonNode x : a.isArray() ? a : Json.MAPPER.createArrayNode().add(a)) {
        assertThat(x.asText()).doesNotContain("*");
        if (x.asText().startsWith(service + ":")) out.add(x.asText());
      }
    }
    return out;
  }

  /** {@code client.someCall(} in main sources of files that import the service's client. */
  static Set<String> calledIn(String service, String clientImport, String receiver)
      throws Exception {
    // The topic writer runs inside the Flink job, not in the actuator.
    return calledIn(service, clientImport, receiver, p -> !p.toString().contains("/topic/"));
  }

  static Set<String> calledIn(
      String service, String clientImport, String receiver, Predicate<Path> include)
      throws Exception {
    Pattern call = Pattern.compile("\\b" + receiver + "\\s*\\.\\s*([a-z]\\w*)\\(");
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("actuator/src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).filter(include).toList()) {
        String src = Files.readString(f);
        if (!src.contains("import " + clientImport + ";")) continue;
        Matcher m = call.matcher(src);
        while (m.find()) {
          String op = m.group(1);
          if (op.equals("close")) continue;
          out.add(service + ":" + Character.toUpperCase(op.charAt(0)) + op.substring(1));
        }
      }
    }
    return out;
  }

  @Test
  void actuatorPolicyAllowsExactlyTheLambdaCallsInTheCode() throws Exception {
    Set<String> called =
        calledIn("lambda", "software.amazon.awssdk.services.lambda.LambdaClient", "lambda");
    assertThat(called).hasSize(6).containsExactlyInAnyOrderElementsOf(LambdaOps.IAM_ACTIONS);
    assertThat(allowed(ROOT.resolve("deploy/iam/actuator-policy.json"), "lambda"))
        .containsExactlyInAnyOrderElementsOf(called);
  }

  @Test
  void actuatorPolicyAllowsExactlyTheKinesisCallsInTheCode() throws Exception {
    Set<String> called =
        calledIn("kinesis", "software.amazon.awssdk.services.kinesis.KinesisClient", "kinesis");
    assertThat(called).contains("kinesis:GetRecords");
    assertThat(allowed(ROOT.resolve("deploy/iam/actuator-policy.json"), "kinesis"))
        .containsExactlyInAnyOrderElementsOf(called);
  }

  @Test
  void actuatorPolicyAllowsExactlyTheSecretsManagerCallsInTheCode() throws Exception {
    Set<String> called =
        calledIn(
            "secretsmanager",
            "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient",
            "sm");
    assertThat(called).containsExactly("secretsmanager:GetSecretValue");
    assertThat(allowed(ROOT.resolve("deploy/iam/actuator-policy.json"), "secretsmanager"))
        .containsExactlyInAnyOrderElementsOf(called);
  }

  @Test
  void jobPolicyNeverTouchesLambdaAndCanPublishTheTopic() throws Exception {
    Path job = ROOT.resolve("deploy/iam/vigil-job-policy.json");
    assertThat(allowed(job, "lambda")).isEmpty();
    Set<String> writer =
        calledIn(
            "kinesis",
            "software.amazon.awssdk.services.kinesis.KinesisClient",
            "kinesis",
            p -> p.toString().contains("/topic/"));
    assertThat(writer).containsExactly("kinesis:PutRecords");
    assertThat(allowed(job, "kinesis")).containsAll(writer);
  }
}
