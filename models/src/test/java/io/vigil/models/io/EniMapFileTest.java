package io.vigil.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EniMapFileTest {
  @Test
  void readsJsonObject() {
    assertThat(EniMapFile.parse("{\"eni-1\": \"checkout\", \"eni-2\": \"search\"}", "m.json"))
        .isEqualTo(Map.of("eni-1", "checkout", "eni-2", "search"));
  }

  @Test
  void readsCsvWithHeaderCommentsAndBlankLines() {
    assertThat(EniMapFile.parse("eni,function\n# vpc a\n\neni-1, checkout\neni-2,search\n", "m"))
        .isEqualTo(Map.of("eni-1", "checkout", "eni-2", "search"));
  }

  @Test
  void namesFileAndLineOnBadInput() {
    assertThatThrownBy(() -> EniMapFile.parse("eni-1,checkout\neni-2\n", "enis.csv"))
        .hasMessageContaining("enis.csv line 2");
    assertThatThrownBy(() -> EniMapFile.parse("{\"eni-1\": 3}", "enis.json"))
        .hasMessageContaining("'eni-1'");
  }

  @Test
  void acceptsLambdaArnsAndRejectsOtherArns() {
    String arn = "arn:aws:lambda:eu-west-1:123456789012:function:pricing-cron";
    assertThat(EniMapFile.parse("eni-1," + arn + "\n", "m")).isEqualTo(Map.of("eni-1", arn));
    assertThatThrownBy(() -> EniMapFile.parse("eni-1,arn:aws:s3:::bucket\n", "enis.csv"))
        .hasMessageContaining("enis.csv line 1")
        .hasMessageContaining("not a Lambda function ARN");
    assertThatThrownBy(() -> EniMapFile.parse("{\"eni-1\": \"arn:aws:lambda:x\"}", "e.json"))
        .hasMessageContaining("'eni-1'");
  }
}
