package io.vigil.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The actuator's one identity: only an unqualified Lambda function ARN is a target. */
class TargetTest {
  private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:checkout";

  @Test
  void readsAnUnqualifiedFunctionArn() {
    assertThat(Target.parse(ARN))
        .contains(new Target(ARN, "aws", "eu-west-1", "123456789012", "checkout"));
    assertThat(Target.parse("arn:aws-cn:lambda:cn-north-1:123456789012:function:f"))
        .hasValueSatisfying(t -> assertThat(t.partition()).isEqualTo("aws-cn"));
  }

  @Test
  void rejectsQualifiedOddOrOversizedArns() {
    assertThat(Target.parse(ARN + ":live")).isEmpty(); // an alias or version is not the function
    assertThat(Target.parse(ARN + ":")).isEmpty();
    assertThat(Target.parse("arn:aws-x:lambda:eu-west-1:123456789012:function:f")).isEmpty();
    assertThat(Target.parse("arn:aws:lambda:eu-west-12:123456789012:function:f")).isEmpty();
    assertThat(Target.parse(" " + ARN)).isEmpty();
    assertThat(Target.parse(ARN.replace("checkout", "f".repeat(65)))).isEmpty();
    assertThat(Target.parse("checkout")).isEmpty();
    assertThat(Target.parse(null)).isEmpty();
  }
}
