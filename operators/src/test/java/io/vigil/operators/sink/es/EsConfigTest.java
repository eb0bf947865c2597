package io.vigil.operators.sink.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EsConfigTest {
  @Test
  void toStringMasksSecrets() {
    EsConfig c = EsConfig.of("https://a:9200, https://b:9200");
    c.apiKey = "s3cr3t-api-key";
    c.username = "vigil";
    c.password = "hunter2";
    assertThat(c.urls).containsExactly("https://a:9200", "https://b:9200");
    assertThat(c.toString())
        .doesNotContain("s3cr3t-api-key")
        .doesNotContain("hunter2")
        .contains("apiKey=****")
        .contains("password=****")
        .contains("username=vigil");
    EsConfig none = EsConfig.of("http://localhost:9200");
    assertThat(none.toString()).contains("apiKey=null");
  }

  @Test
  void credentialsComeFromTheEnvironmentAndAreMasked() {
    EsConfig c = EsConfig.of("http://localhost:9200");
    EsCredentials key = EsCredentials.resolve(c, Map.of(EsCredentials.ENV_API_KEY, "k3y"));
    assertThat(key.authorizationHeader()).isEqualTo("ApiKey k3y");
    assertThat(key.toString()).doesNotContain("k3y");
    EsCredentials basic =
        EsCredentials.resolve(
            c, Map.of(EsCredentials.ENV_USERNAME, "u", EsCredentials.ENV_PASSWORD, "pw-123"));
    assertThat(basic.authorizationHeader()).isEqualTo("Basic dTpwdy0xMjM=");
    assertThat(basic.toString()).doesNotContain("pw-123").contains("basic");
    assertThat(EsCredentials.resolve(c, Map.of())).isSameAs(EsCredentials.NONE);
    assertThat(EsCredentials.NONE.authorizationHeader()).isNull();
  }

  @Test
  void explicitSettingsWinOverTheEnvironment() {
    EsConfig c = EsConfig.of("http://localhost:9200");
    c.apiKey = "explicit";
    assertThat(
            EsCredentials.resolve(c, Map.of(EsCredentials.ENV_API_KEY, "env"))
                .authorizationHeader())
        .isEqualTo("ApiKey explicit");
  }

  @Test
  void secretJsonIsParsedWithoutEchoingIt() {
    assertThat(EsCredentials.fromSecretJson("{\"apiKey\":\"abc\"}").authorizationHeader())
        .isEqualTo("ApiKey abc");
    assertThat(EsCredentials.fromSecretJson("{\"username\":\"u\",\"password\":\"p\"}").kind())
        .isEqualTo("basic");
    assertThatThrownBy(() -> EsCredentials.fromSecretJson("not json top-secret"))
        .hasMessageNotContaining("top-secret");
    assertThatThrownBy(() -> EsCredentials.fromSecretJson("{\"token\":\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secretArnGivesTheRegion() {
    assertThat(
            SecretsManagerFetcher.regionOf(
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:vigil/es-AbCdEf"))
        .isEqualTo("eu-west-1");
    assertThatThrownBy(() -> SecretsManagerFetcher.regionOf("arn:aws:s3:::bucket"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
