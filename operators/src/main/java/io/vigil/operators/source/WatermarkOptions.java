package io.vigil.operators.source;

import io.vigil.operators.config.OptionLists;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Watermarks of every source: the only place their defaults live. */
public final class WatermarkOptions {
  private WatermarkOptions() {}

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("Bounded out-of-orderness of the source watermarks.");

  public static final ConfigOption<Duration> IDLENESS =
      ConfigOptions.key("vigil.watermark.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "A source split quiet this long is marked idle so it cannot stall time.");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(WatermarkOptions.class);
  }
}
