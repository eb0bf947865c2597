package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.operators.sink.es.EsConfig;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;

class EsOutputTest {
  @Test
  void optionsBecomeTheSinkConfig() {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.ES_URL, "https://a:9200,https://b:9200");
    conf.set(VigilOptions.ES_INDEX_PREFIX, "acme");
    conf.set(VigilOptions.ES_BULK_MAX_ACTIONS, 250);
    conf.set(VigilOptions.ES_BULK_MAX_BYTES, MemorySize.parse("1mb"));
    conf.set(VigilOptions.ES_BULK_FLUSH_INTERVAL, Duration.ofMillis(300));
    conf.set(VigilOptions.ES_TLS_CA_FILE, "/etc/ca.pem");
    EsConfig es = EsOutput.config(conf);
    assertThat(es.urls()).containsExactly("https://a:9200", "https://b:9200");
    assertThat(es.indexPrefix()).isEqualTo("acme");
    assertThat(es.maxActions()).isEqualTo(250);
    assertThat(es.maxBytes()).isEqualTo(1024 * 1024);
    assertThat(es.flushInterval()).isEqualTo(Duration.ofMillis(300));
    assertThat(es.caFile()).isEqualTo("/etc/ca.pem");
    assertThat(es.apiKey()).isNull(); // secrets are never in the job graph
  }

  @Test
  void esOptionsAreKnownToTheCli() {
    assertThat(VigilOptions.all().stream().map(o -> o.key()))
        .contains(
            "vigil.es.url",
            "vigil.es.index-prefix",
            "vigil.es.bulk.max-actions",
            "vigil.es.bulk.max-bytes",
            "vigil.es.bulk.flush-interval",
            "vigil.es.auth.secret-arn",
            "vigil.es.tls.ca-file");
    assertThat(VigilOptions.all()).allMatch(o -> !o.description().toString().isBlank());
  }
}
