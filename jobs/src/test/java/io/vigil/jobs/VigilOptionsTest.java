package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.jobs.options.RuntimeOptions;
import io.vigil.jobs.options.SourceOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The typed options: one declaration each, parsed from text, bad values refused by name. */
class VigilOptionsTest {
  @Test
  void theFacadeReExportsEveryOptionOnceAndKeysAreUnique() throws Exception {
    List<ConfigOption<?>> exported = new ArrayList<>();
    for (Field f : VigilOptions.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
        exported.add((ConfigOption<?>) f.get(null));
      }
    }
    assertThat(exported).containsExactlyInAnyOrderElementsOf(VigilOptions.all());
    assertThat(VigilOptions.all().stream().map(ConfigOption::key)).doesNotHaveDuplicates();
  }

  @Test
  void everyOptionHasADescriptionAndTheVigilPrefix() {
    for (ConfigOption<?> o : VigilOptions.all()) {
      assertThat(o.key()).startsWith("vigil.");
      assertThat(VigilOptions.describe(o)).as(o.key()).isNotBlank();
    }
  }

  @Test
  void enumValuesAreReadCaseInsensitivelyInTheirDocumentedForm() {
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                "vigil.source", "REPLAY",
                "vigil.replay.order", "arrival",
                "vigil.state.backend", "HashMap"));
    assertThat(conf.get(VigilOptions.SOURCE)).isEqualTo(SourceOptions.Kind.REPLAY);
    assertThat(conf.get(VigilOptions.REPLAY_ORDER)).isEqualTo(SourceOptions.ReplayOrder.ARRIVAL);
    assertThat(conf.get(VigilOptions.STATE_BACKEND)).isEqualTo(RuntimeOptions.StateBackend.HASHMAP);
    assertThat(VigilOptions.defaultText(VigilOptions.REPLAY_ORDER)).isEqualTo("`event-time`");
    assertThat(VigilOptions.defaultText(VigilOptions.KINESIS_CREDENTIALS)).isEqualTo("`default`");
  }

  @Test
  void unknownEnumValuesAreRejectedNamingTheOptionAndTheChoices() {
    Map<ConfigOption<?>, String> bad =
        Map.of(
            VigilOptions.SOURCE, "kafka",
            VigilOptions.REPLAY_ORDER, "event_time",
            VigilOptions.STATE_BACKEND, "memory",
            VigilOptions.KINESIS_INITIAL_POSITION, "EARLIEST",
            VigilOptions.KINESIS_CREDENTIALS, "iam",
            VigilOptions.ES_AUTH_SIGV4_SERVICE, "s3");
    bad.forEach(
        (option, value) ->
            assertThatThrownBy(() -> Configuration.fromMap(Map.of(option.key(), value)).get(option))
                .as(option.key())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(option.key())
                .hasStackTraceContaining("Expected one of"));
  }

  @Test
  void validationReadsEveryOptionUpFrontAndSaysWhatIsAccepted() {
    VigilOptions.validate(
        Configuration.fromMap(
            Map.of("vigil.source", "kinesis", "vigil.checkpoint.timeout", "5 min")));
    assertThatThrownBy(
            () ->
                VigilOptions.validate(
                    Configuration.fromMap(
                        Map.of("vigil.parallelism", "4", "vigil.replay.order", "by-arrival"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vigil.replay.order")
        .hasMessageContaining("'by-arrival'")
        .hasMessageContaining("[event-time, arrival]");
    assertThatThrownBy(
            () ->
                LocalRunner.boundedEnvironment(
                    Configuration.fromMap(Map.of("vigil.es.bulk.max-bytes", "lots"))))
        .hasMessageContaining("vigil.es.bulk.max-bytes");
  }

  @Test
  void durationsAndSizesAreParsedAndBadOnesNamed() {
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                "vigil.profile.bucket", "5 min",
                "vigil.checkpoint.interval", "1500ms",
                "vigil.es.bulk.max-bytes", "512kb"));
    assertThat(conf.get(VigilOptions.BUCKET)).isEqualTo(Duration.ofMinutes(5));
    assertThat(conf.get(VigilOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofMillis(1500));
    assertThat(conf.get(VigilOptions.ES_BULK_MAX_BYTES).getBytes()).isEqualTo(512 * 1024);
    assertThatThrownBy(
            () ->
                Configuration.fromMap(Map.of("vigil.profile.bucket", "a while"))
                    .get(VigilOptions.BUCKET))
        .hasMessageContaining("vigil.profile.bucket");
    assertThatThrownBy(
            () ->
                Configuration.fromMap(Map.of("vigil.parallelism", "two"))
                    .get(VigilOptions.PARALLELISM))
        .hasMessageContaining("vigil.parallelism");
  }

  @Test
  void aBadStateCacheSettingFailsTheJobBuildNamingItsKey() {
    for (Map<String, String> bad :
        List.of(
            Map.of("vigil.profile.state-cache.functions", "-1"),
            Map.of("vigil.profile.state-cache.heap-share", "0.8"),
            Map.of("vigil.detect.state-cache.functions", "-2"),
            Map.of("vigil.detect.state-cache.heap-share", "0"))) {
      Configuration conf = LocalRunner.localDefaults(Configuration.fromMap(bad));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      assertThatThrownBy(() -> VigilJob.build(env, conf))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.keySet().iterator().next());
    }
  }

  @Test
  void typedValuesSurviveTheTextFormOfAConfiguration() {
    Configuration typed = new Configuration();
    typed.set(VigilOptions.SOURCE, SourceOptions.Kind.KINESIS);
    typed.set(VigilOptions.REPLAY_ORDER, SourceOptions.ReplayOrder.ARRIVAL);
    typed.set(VigilOptions.IDLENESS, Duration.ofSeconds(45));
    Configuration reread = Configuration.fromMap(typed.toMap());
    assertThat(typed.toMap()).containsEntry("vigil.replay.order", "arrival");
    assertThat(reread.get(VigilOptions.SOURCE)).isEqualTo(SourceOptions.Kind.KINESIS);
    assertThat(reread.get(VigilOptions.REPLAY_ORDER)).isEqualTo(SourceOptions.ReplayOrder.ARRIVAL);
    assertThat(reread.get(VigilOptions.IDLENESS)).isEqualTo(Duration.ofSeconds(45));
  }
}
