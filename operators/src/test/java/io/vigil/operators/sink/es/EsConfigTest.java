package io.vigil.operators.sink.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class EsConfigTest {
  @Test
  void defaultsComeFromTheOptions() {
    EsConfig c = EsConfig.of("http://localhost:9200");
    assertThat(c.indexPrefix()).isEqualTo(EsOptions.INDEX_PREFIX.defaultValue());
    assertThat(c.maxActions()).isEqualTo(EsOptions.BULK_MAX_ACTIONS.defaultValue());
    assertThat(c.maxBytes()).isEqualTo(EsOptions.BULK_MAX_BYTES.defaultValue().getBytes());
    assertThat(c.flushInterval()).isEqualTo(EsOptions.BULK_FLUSH_INTERVAL.defaultValue());
    assertThat(c.maxBackoff()).isEqualTo(EsOptions.BULK_MAX_BACKOFF.defaultValue());
    assertThat(c.socketTimeout()).isEqualTo(EsOptions.SOCKET_TIMEOUT.defaultValue());
    assertThat(c.sigv4Service()).isNull();
  }

  @Test
  void optionsAreParsedFromTheirTextForm() {
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                "vigil.es.url", "https://a:9200",
                "vigil.es.bulk.max-bytes", "2mb",
                "vigil.es.bulk.flush-interval", "250ms",
                "vigil.es.connect-timeout", "2 s",
                "vigil.es.auth.sigv4-service", "AOSS"));
    EsConfig c = EsConfig.from(conf);
    assertThat(c.maxBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.sigv4Service()).isEqualTo(EsConfig.SigV4Service.AOSS);
    assertThat(c.sigv4Service().toString()).isEqualTo("aoss");
  }

  @Test
  void badValuesAreRejectedNamingTheOption() {
    assertThatThrownBy(
            () ->
                EsConfig.from(
                    Configuration.fromMap(
                        Map.of(
                            "vigil.es.url",
                            "https://a:9200",
                            "vigil.es.auth.sigv4-service",
                            "s3"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vigil.es.auth.sigv4-service")
        .hasRootCauseMessage(
            "Could not parse value for enum class io.vigil.operators.sink.es.EsConfig$SigV4Service."
                + " Expected one of: [[es, aoss]]");
    assertThatThrownBy(
            () ->
                EsConfig.from(
                    Configuration.fromMap(
                        Map.of(
                            "vigil.es.url",
                            "https://a:9200",
                            "vigil.es.bulk.flush-interval",
                            "soon"))))
        .hasMessageContaining("vigil.es.bulk.flush-interval");
    assertThatThrownBy(() -> EsConfig.from(new Configuration()))
        .hasMessageContaining("vigil.es.url");
    assertThatThrownBy(() -> EsConfig.of(" , ")).hasMessageContaining("no Elasticsearch URL");
  }

  @Test
  void toStringMasksSecrets() {
    EsConfig c =
        EsConfig.of("https://a:9200, https://b:9200")
            .withCredentials("s3cr3t-api-key", "vigil", "hunter2");
    assertThat(c.urls()).containsExactly("https://a:9200", "https://b:9200");
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
    EsConfig c = EsConfig.of("http://localhost:9200").withCredentials("explicit", null, null);
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
