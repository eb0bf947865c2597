package io.vigil.models.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LambdaArnTest {
  @Test
  void readsRegionAccountAndName() {
    assertThat(LambdaArn.parse("arn:aws:lambda:eu-west-1:123456789012:function:pricing-cron"))
        .isEqualTo(new LambdaArn("aws", "eu-west-1", "123456789012", "pricing-cron", null));
  }

  @Test
  void acceptsQualifiersAndOtherPartitions() {
    assertThat(LambdaArn.parse("arn:aws:lambda:us-east-1:123456789012:function:api:live"))
        .isEqualTo(new LambdaArn("aws", "us-east-1", "123456789012", "api", "live"));
    assertThat(LambdaArn.parse("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f"))
        .isEqualTo(new LambdaArn("aws-us-gov", "us-gov-west-1", "123456789012", "f", null));
  }

  @Test
  void rejectsNamesAndOtherArns() {
    assertThat(LambdaArn.parse("checkout")).isNull();
    assertThat(LambdaArn.parse("arn:aws:lambda:eu-west-1:12345:function:f")).isNull();
    assertThat(LambdaArn.parse("arn:aws:s3:::bucket")).isNull();
    assertThat(LambdaArn.parse("arn:aws:lambda:eu-west-1:123456789012:layer:l:1")).isNull();
    assertThat(LambdaArn.parse("arn:aws:lambda:eu-west-1:123456789012:function:" + "f".repeat(65)))
        .isNull();
    assertThat(LambdaArn.parse(null)).isNull();
  }
}
