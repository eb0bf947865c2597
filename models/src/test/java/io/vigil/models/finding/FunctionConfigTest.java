package io.vigil.models.finding;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.Json;
import io.vigil.models.policy.FunctionManifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionConfigTest {
  static FunctionManifest manifest(List<String> subnets) {
    return new FunctionManifest(
        "orders",
        "orders.yaml",
        512,
        7,
        null,
        List.of(),
        Map.of(),
        "python3.11",
        9,
        null,
        subnets,
        subnets.isEmpty() ? List.of() : List.of("sg-m"));
  }

  static FunctionConfig api(boolean vpc) {
    return FunctionConfig.of(
        1024,
        -1,
        "python3.12",
        "arm64",
        vpc ? List.of("subnet-a") : List.of(),
        vpc ? List.of("sg-a") : List.of(),
        FunctionConfig.FROM_LAMBDA_API);
  }

  @Test
  void theLiveConfigurationWinsFieldByFieldAndTheManifestFillsTheRest() {
    FunctionConfig c =
        FunctionConfig.overlay(FunctionManifest.configOf(manifest(List.of())), api(true));
    assertThat(c.memorySizeMb).isEqualTo(1024);
    assertThat(c.timeoutSeconds).as("unknown to the API: the manifest's").isEqualTo(9);
    assertThat(c.runtime).isEqualTo("python3.12");
    assertThat(c.architecture).isEqualTo("arm64");
    assertThat(c.vpc).isTrue();
    assertThat(c.subnetIds).containsExactly("subnet-a");
    assertThat(c.source).isEqualTo("lambda-api+manifest");
    assertThat(FunctionConfig.overlay(null, api(false))).isEqualTo(api(false));
    assertThat(FunctionConfig.overlay(FunctionManifest.configOf(manifest(List.of())), null).source)
        .isEqualTo("manifest");
  }

  @Test
  void aManifestWithoutVpcConfigSaysNothingAboutTheVpc() {
    FunctionConfig none = FunctionManifest.configOf(manifest(List.of()));
    assertThat(none.vpc).isNull();
    assertThat(none.architecture).isNull();
    assertThat(none.memorySizeMb).isEqualTo(512);
    FunctionConfig vpc = FunctionManifest.configOf(manifest(List.of("subnet-m")));
    assertThat(vpc.vpc).isTrue();
    assertThat(vpc.securityGroupIds).containsExactly("sg-m");
    assertThat(FunctionManifest.configOf(null)).isNull();
    // Unknown fields are left out of the JSON, and it reads back equal.
    String json = Json.write(none);
    assertThat(json).doesNotContain("vpc", "architecture", "subnetIds");
    assertThat(Json.read(json, FunctionConfig.class)).isEqualTo(none);
  }
}
