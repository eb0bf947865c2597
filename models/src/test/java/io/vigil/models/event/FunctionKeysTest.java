package io.vigil.models.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of a key are exactly what splitting it at its first two slashes gives. */
class FunctionKeysTest {
  private static String bySplit(String key, int index) {
    String[] parts = key.split("/", 3);
    return index < parts.length ? parts[index] : "-";
  }

  @Test
  void partsMatchSplittingAtTheFirstTwoSlashes() {
    for (String key :
        List.of(
            "123456789012/eu-west-1/checkout",
            FunctionKeys.of(null, "us-east-1", "f"),
            "eni-0abc",
            "a/b",
            "a/b/",
            "a//c",
            "/x/y",
            "a/b/c/d/e",
            "",
            "//",
            "/")) {
      assertThat(FunctionKeys.account(key)).as(key).isEqualTo(bySplit(key, 0));
      assertThat(FunctionKeys.region(key)).as(key).isEqualTo(bySplit(key, 1));
      assertThat(FunctionKeys.function(key)).as(key).isEqualTo(bySplit(key, 2));
    }
  }
}
