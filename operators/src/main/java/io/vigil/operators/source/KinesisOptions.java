package io.vigil.operators.source;

import io.vigil.models.event.StreamKind;
import io.vigil.operators.config.OptionLists;
import io.vigil.operators.source.KinesisSources.Credentials;
import io.vigil.operators.source.KinesisSources.InitialPosition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The Kinesis input streams: the only place their defaults live. {@link #settings} turns them into
 * the plain {@link KinesisSources.Settings} the sources are built from.
 */
public final class KinesisOptions {
  private KinesisOptions() {}

  public static final ConfigOption<String> LAMBDA_STREAM =
      ConfigOptions.key("vigil.kinesis.lambda-stream")
          .stringType()
          .defaultValue("vigil-lambda-logs")
          .withDescription(
              "Kinesis: stream (name or ARN) of the CloudWatch Logs subscription of the Lambda"
                  + " log groups.");

  public static final ConfigOption<String> FLOW_STREAM =
      ConfigOptions.key("vigil.kinesis.flow-stream")
          .stringType()
          .defaultValue("vigil-flow-logs")
          .withDescription("Kinesis: stream (name or ARN) carrying the VPC Flow Logs.");

  public static final ConfigOption<String> BILLING_STREAM =
      ConfigOptions.key("vigil.kinesis.billing-stream")
          .stringType()
          .defaultValue("vigil-billing")
          .withDescription("Kinesis: stream (name or ARN) carrying CUR 2.0 / FOCUS billing rows.");

  public static final ConfigOption<String> REGION =
      ConfigOptions.key("vigil.kinesis.region")
          .stringType()
          .defaultValue("us-east-1")
          .withDescription("Kinesis: AWS region of the streams.");

  public static final ConfigOption<String> ENDPOINT =
      ConfigOptions.key("vigil.kinesis.endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kinesis: endpoint override, e.g. http://localhost:4567 for kinesalite; the"
                  + " region's endpoint when unset.");

  public static final ConfigOption<InitialPosition> INITIAL_POSITION =
      ConfigOptions.key("vigil.kinesis.initial-position")
          .enumType(InitialPosition.class)
          .defaultValue(InitialPosition.LATEST)
          .withDescription(
              "Kinesis: where to start without a checkpoint: LATEST, TRIM_HORIZON or AT_TIMESTAMP"
                  + " (with vigil.kinesis.initial-timestamp).");

  /** A string: Flink has no instant type; {@link #settings} parses it and names the key. */
  public static final ConfigOption<String> INITIAL_TIMESTAMP =
      ConfigOptions.key("vigil.kinesis.initial-timestamp")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kinesis: ISO-8601 instant to start from with AT_TIMESTAMP, e.g."
                  + " 2025-11-20T00:00:00Z.");

  public static final ConfigOption<Credentials> CREDENTIALS =
      ConfigOptions.key("vigil.kinesis.credentials")
          .enumType(Credentials.class)
          .defaultValue(Credentials.DEFAULT)
          .withDescription(
              "Kinesis: 'default' (SDK default chain), 'basic' (AWS_ACCESS_KEY_ID /"
                  + " AWS_SECRET_ACCESS_KEY, placeholder keys when unset: for local endpoints) or"
                  + " 'profile' (vigil.kinesis.profile).");

  public static final ConfigOption<String> PROFILE =
      ConfigOptions.key("vigil.kinesis.profile")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kinesis: credentials profile for 'profile' credentials; the default profile when"
                  + " unset.");

  public static final ConfigOption<Duration> LAMBDA_OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.kinesis.lambda-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "Kinesis: watermark bound behind the newest event time of a shard's Lambda log"
                  + " records.");

  public static final ConfigOption<Duration> FLOW_OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.kinesis.flow-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "Kinesis: watermark bound behind the newest flow start time of a shard's flow log"
                  + " records (their aggregation interval plus delivery jitter).");

  public static final ConfigOption<Duration> BILLING_OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.kinesis.billing-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "Kinesis: watermark bound behind the newest usage time of a shard's billing rows;"
                  + " a row further behind its shard is late: folded into the current bucket and"
                  + " counted.");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(KinesisOptions.class);
  }

  /**
   * The settings these options (and the source idleness) describe; every error names its option.
   */
  public static KinesisSources.Settings settings(ReadableConfig conf) {
    Map<StreamKind, String> streams = new EnumMap<>(StreamKind.class);
    streams.put(StreamKind.LAMBDA_LOGS, conf.get(LAMBDA_STREAM));
    streams.put(StreamKind.FLOW_LOGS, conf.get(FLOW_STREAM));
    streams.put(StreamKind.BILLING, conf.get(BILLING_STREAM));
    Map<StreamKind, Duration> outOfOrderness = new EnumMap<>(StreamKind.class);
    outOfOrderness.put(StreamKind.LAMBDA_LOGS, conf.get(LAMBDA_OUT_OF_ORDERNESS));
    outOfOrderness.put(StreamKind.FLOW_LOGS, conf.get(FLOW_OUT_OF_ORDERNESS));
    outOfOrderness.put(StreamKind.BILLING, conf.get(BILLING_OUT_OF_ORDERNESS));
    InitialPosition position = conf.get(INITIAL_POSITION);
    Instant timestamp =
        conf.getOptional(INITIAL_TIMESTAMP).map(KinesisOptions::instant).orElse(null);
    if (position == InitialPosition.AT_TIMESTAMP && timestamp == null) {
      throw new IllegalArgumentException(
          INITIAL_POSITION.key() + " AT_TIMESTAMP needs " + INITIAL_TIMESTAMP.key());
    }
    return new KinesisSources.Settings(
        streams,
        outOfOrderness,
        conf.get(REGION),
        conf.getOptional(ENDPOINT).orElse(null),
        position,
        timestamp,
        conf.get(CREDENTIALS),
        conf.getOptional(PROFILE).orElse(null),
        conf.get(WatermarkOptions.IDLENESS));
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          INITIAL_TIMESTAMP.key() + ": not an ISO-8601 instant: " + text);
    }
  }
}
