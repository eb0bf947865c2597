package io.vigil.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.models.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The IAM documents parse and grant exactly what the code calls: the Lambda, Kinesis and Secrets
 * Manager calls found in the actuator's sources, plus the two documented needs that are not calls
 * of ours (EC2 describes Lambda requires of a caller that sets VpcConfig; the reads a Kinesis
 * event-source mapping makes for the Lambda-handler variant). Nothing more, region-pinned.
 */
class IamPolicyTest {
  static final Path ROOT = Paths.root();
  static final Path POLLER = ROOT.resolve("deploy/iam/actuator-policy.json");
  static final Path HANDLER = ROOT.resolve("deploy/iam/actuator-lambda-policy.json");

  /** What Lambda checks on the caller of UpdateFunctionConfiguration with a VpcConfig. */
  static final Set<String> EC2_FOR_VPC_CONFIG =
      Set.of("ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs");

  /**
   * What the event-source mapping does with the function's role (AWSLambdaKinesisExecutionRole).
   */
  static final Set<String> EVENT_SOURCE_MAPPING =
      Set.of(
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:GetRecords",
          "kinesis:GetShardIterator",
          "kinesis:ListShards");

  static final Set<String> MUTATING =
      Set.of(
          "lambda:PutFunctionConcurrency",
          "lambda:DeleteFunctionConcurrency",
          "lambda:UpdateFunctionConfiguration");

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

  /**
   * The producer side of the shared remediation module: it runs inside the Flink job, not in the
   * actuator. The rest of that module (keys, verification) runs in both.
   */
  static final Predicate<Path> PRODUCER =
      p -> p.endsWith("RemediationTopicWriter.java") || p.endsWith("KmsSigner.java");

  /** The actuator's code: its own module and the consumer side of the remediation module. */
  static Set<String> calledIn(String service, String clientImport, String receiver)
      throws Exception {
    return calledIn(service, clientImport, receiver, PRODUCER.negate());
  }

  static Set<String> calledIn(
      String service, String clientImport, String receiver, Predicate<Path> include)
      throws Exception {
    Pattern call = Pattern.compile("\\b" + receiver + "\\s*\\.\\s*([a-z]\\w*)\\(");
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files =
        Stream.concat(
            Files.walk(ROOT.resolve("actuator/src/main/java")),
            Files.walk(ROOT.resolve("remediation/src/main/java")))) {
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
    assertThat(allowed(POLLER, "lambda")).containsExactlyInAnyOrderElementsOf(called);
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
            PRODUCER);
    assertThat(writer).containsExactly("kinesis:PutRecords");
    assertThat(allowed(job, "kinesis")).containsAll(writer);
  }

  @Test
  void kmsSigningIsSplitTheJobSignsTheActuatorOnlyReadsThePublicKey() throws Exception {
    Set<String> actuator = calledIn("kms", "software.amazon.awssdk.services.kms.KmsClient", "kms");
    assertThat(actuator).containsExactly("kms:GetPublicKey");
    assertThat(allowed(POLLER, "kms")).containsExactlyInAnyOrderElementsOf(actuator);
    assertThat(allowed(HANDLER, "kms")).containsExactlyInAnyOrderElementsOf(actuator);
    Set<String> job =
        calledIn("kms", "software.amazon.awssdk.services.kms.KmsClient", "kms", PRODUCER);
    assertThat(job).containsExactly("kms:Sign");
    assertThat(allowed(ROOT.resolve("deploy/iam/vigil-job-policy.json"), "kms"))
        .containsExactlyInAnyOrderElementsOf(job);
  }

  @Test
  void lambdaHandlerPolicyAllowsTheCodesCallsAndTheEventSourceMappingsReads() throws Exception {
    Set<String> lambda =
        calledIn("lambda", "software.amazon.awssdk.services.lambda.LambdaClient", "lambda");
    assertThat(allowed(HANDLER, "lambda")).containsExactlyInAnyOrderElementsOf(lambda);
    assertThat(allowed(HANDLER, "kinesis"))
        .containsExactlyInAnyOrderElementsOf(EVENT_SOURCE_MAPPING);
    assertThat(allowed(HANDLER, "secretsmanager")).containsExactly("secretsmanager:GetSecretValue");
    assertThat(allowed(HANDLER, "logs"))
        .containsExactlyInAnyOrder(
            "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");
  }

  @Test
  void nothingBeyondTheCallsAndTheDocumentedNeeds() throws Exception {
    for (Path p : List.of(POLLER, HANDLER)) {
      Set<String> services = new TreeSet<>();
      for (JsonNode st : statements(p)) {
        if (st.get("Effect").asText().equals("Allow")) {
          for (JsonNode a : actions(st)) services.add(a.asText().replaceAll(":.*", ""));
        }
      }
      Set<String> expected =
          new TreeSet<>(Set.of("lambda", "kinesis", "secretsmanager", "ec2", "kms"));
      if (p.equals(HANDLER)) expected.add("logs");
      assertThat(services).as(p.toString()).isEqualTo(expected);
      assertThat(allowed(p, "ec2")).containsExactlyInAnyOrderElementsOf(EC2_FOR_VPC_CONFIG);
    }
  }

  @Test
  void everyArnIsPinnedToOneRegionAndAccount() throws Exception {
    for (Path p : List.of(POLLER, HANDLER, ROOT.resolve("deploy/iam/vigil-job-policy.json"))) {
      for (JsonNode st : statements(p)) {
        JsonNode r = st.get("Resource");
        for (JsonNode x : r.isArray() ? r : Json.MAPPER.createArrayNode().add(r)) {
          String arn = x.asText();
          if (!arn.startsWith("arn:aws:") || arn.startsWith("arn:aws:s3:")) continue;
          assertThat(arn).as(p + " " + st.get("Sid")).contains(":${Region}:${AccountId}:");
        }
      }
    }
  }

  @Test
  void mutationsAreNarrowedAndProtectedFunctionsDeniedExplicitly() throws Exception {
    for (Path p : List.of(POLLER, HANDLER)) {
      boolean denyProtected = false;
      for (JsonNode st : statements(p)) {
        Set<String> acts = new TreeSet<>();
        for (JsonNode a : actions(st)) acts.add(a.asText());
        String resource = st.get("Resource").asText();
        if (st.get("Effect").asText().equals("Allow")
            && acts.stream().anyMatch(MUTATING::contains)) {
          assertThat(resource)
              .as(st.get("Sid").asText())
              .endsWith(":function:${FunctionNamePrefix}*");
          if (acts.contains("lambda:UpdateFunctionConfiguration")) {
            assertThat(st.path("Condition").toString())
                .contains("aws:ResourceTag/vigil:isolatable")
                .contains("lambda:SecurityGroupIds");
          }
        }
        if (st.get("Effect").asText().equals("Deny")
            && acts.containsAll(MUTATING)
            && st.path("Condition").toString().contains("aws:ResourceTag/vigil:protected")) {
          denyProtected = true;
        }
      }
      assertThat(denyProtected).as(p.toString()).isTrue();
    }
  }

  static List<JsonNode> statements(Path p) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    Json.MAPPER.readTree(Files.readString(p)).get("Statement").forEach(out::add);
    return out;
  }

  static JsonNode actions(JsonNode st) {
    JsonNode a = st.get("Action");
    return a.isArray() ? a : Json.MAPPER.createArrayNode().add(a);
  }
}
