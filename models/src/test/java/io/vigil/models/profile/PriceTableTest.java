package io.vigil.models.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.models.event.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  @Test
  void pricesOneInvocationByArchitecture() {
    PriceTable prices = PriceTable.defaults();
    Invocation i = new Invocation();
    i.region = "us-east-1";
    i.billedDurationMs = 749;
    i.memorySizeMb = 512;
    // 0.749 s x 0.5 GB x $0.0000166667 + $0.0000002
    assertThat(prices.cost(i)).isCloseTo(0.749 * 0.5 * 0.0000166667 + 0.0000002, within(1e-15));
    i.architecture = "arm64";
    assertThat(prices.cost(i)).isCloseTo(0.749 * 0.5 * 0.0000133334 + 0.0000002, within(1e-15));
    i.region = "ap-south-2"; // not in the table: defaults apply
    assertThat(prices.rate("ap-south-2", "arm64").gbSecond()).isEqualTo(0.0000133334);
  }

  @Test
  void loadsATableFromAFileAndRejectsABadOne(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("prices.json");
    Files.writeString(
        good,
        "{\"default\":{\"x86_64\":{\"gbSecond\":1,\"request\":2},\"arm64\":{\"gbSecond\":3,\"request\":4}},"
            + "\"regions\":{\"eu-central-1\":{\"x86_64\":{\"gbSecond\":5,\"request\":6}}}}");
    PriceTable t = PriceTable.load(good);
    assertThat(t.rate("eu-central-1", "x86_64").gbSecond()).isEqualTo(5);
    assertThat(t.rate("eu-central-1", "arm64").gbSecond()).isEqualTo(3);
    assertThat(t.rate(null, null).gbSecond()).isEqualTo(1); // no region: the x86 default
    assertThat(t.rate("eu-central-1", "mips").gbSecond()).isEqualTo(5); // as x86_64

    Path badRegion = dir.resolve("bad-region.json");
    Files.writeString(
        badRegion,
        "{\"default\":{\"x86_64\":{\"gbSecond\":1,\"request\":2},\"arm64\":{\"gbSecond\":3,\"request\":4}},"
            + "\"regions\":{\"eu-central-1\":{\"mips\":{\"gbSecond\":\"cheap\"}}}}");
    assertThatThrownBy(() -> PriceTable.load(badRegion)).hasMessageContaining("numeric");

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"default\":{\"x86_64\":{\"gbSecond\":\"cheap\"}}}");
    assertThatThrownBy(() -> PriceTable.load(bad)).hasMessageContaining("bad.json");
  }
}
