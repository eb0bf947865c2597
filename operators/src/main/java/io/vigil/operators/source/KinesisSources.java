package io.vigil.operators.source;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.KinesisShardAssigner;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.model.StreamShardHandle;

/**
 * Builds the Kinesis consumers of the three input streams. The only class that knows the Kinesis
 * connector: a move to Flink 2.x and the FLIP-27 {@code KinesisStreamsSource} stays here.
 *
 * <p>Uses the legacy {@link FlinkKinesisConsumer} in polling mode (flink-connector-kinesis
 * 4.3.0-1.19, which runs on Flink 1.20.3): it works against kinesalite, while the FLIP-27 source of
 * the same jar sends {@code StreamARN}, which kinesalite rejects. Watermarks are assigned in the
 * source: timestamp = the earliest event time the record carries, bounded out-of-orderness per
 * stream, tracked per shard; a shard quiet for {@code idleness} does not hold time back (see {@link
 * ShardWatermarks}).
 */
public final class KinesisSources {
  private KinesisSources() {}

  /** Where the consumer starts when it has no checkpointed position. */
  public enum InitialPosition {
    LATEST,
    TRIM_HORIZON,
    AT_TIMESTAMP
  }

  /** How the consumer finds AWS credentials. */
  public enum Credentials {
    /** The SDK default chain (env, system properties, profile, container/instance role). */
    DEFAULT,
    /**
     * Static keys from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}; when unset, the
     * placeholder keys {@code local}/{@code local} (enough for kinesalite and other local
     * endpoints).
     */
    BASIC,
    /** A named profile of {@code ~/.aws/credentials} ({@link Settings#profile}, or the default). */
    PROFILE;

    /** As written in the configuration: {@code default}, {@code basic}, {@code profile}. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Everything needed to read the three streams: plain values, immutable. Built from the options by
   * {@link KinesisOptions#settings}, where the defaults live.
   */
  public record Settings(
      Map<StreamKind, String> streams,
      Map<StreamKind, Duration> outOfOrderness,
      String region,
      String endpoint,
      InitialPosition initialPosition,
      Instant initialTimestamp,
      Credentials credentials,
      String profile,
      Duration idleness)
      implements Serializable {
    public Settings {
      streams = Map.copyOf(streams);
      outOfOrderness = Map.copyOf(outOfOrderness);
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(initialPosition, "initialPosition");
      Objects.requireNonNull(credentials, "credentials");
      Objects.requireNonNull(idleness, "idleness");
    }
  }

  /** Stable operator uid of a stream's source, e.g. {@code source-kinesis-lambda-logs}. */
  public static String uid(StreamKind kind) {
    return "source-kinesis-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Readable operator name of a stream's source. */
  public static String name(StreamKind kind, Settings settings) {
    String what =
        switch (kind) {
          case LAMBDA_LOGS -> "Lambda logs";
          case FLOW_LOGS -> "VPC flow logs";
          case BILLING -> "Billing rows";
        };
    return "Kinesis: " + what + " (" + streamName(settings.streams().get(kind)) + ")";
  }

  /** The consumer of one stream, with its per-shard watermarks. */
  public static FlinkKinesisConsumer<RawRecord> consumer(StreamKind kind, Settings settings) {
    String stream = settings.streams().get(kind);
    if (stream == null || stream.isBlank()) {
      throw new IllegalArgumentException("no Kinesis stream configured for " + kind);
    }
    boolean local = settings.endpoint() != null && !settings.endpoint().isBlank();
    FlinkKinesisConsumer<RawRecord> consumer =
        new Consumer(
            streamName(stream),
            new RawRecordKinesisDeserializer(kind),
            properties(settings),
            local,
            settings.outOfOrderness().getOrDefault(kind, Duration.ZERO),
            settings.idleness());
    return consumer;
  }

  /**
   * The system property that turns CBOR off in the connector's AWS SDK v1. The connector shades the
   * SDK and its relocation rewrote the string constant too, so the documented {@code
   * com.amazonaws.sdk.disableCbor} has no effect on it.
   */
  public static final String SHADED_SDK_V1_DISABLE_CBOR =
      "org.apache.flink.kinesis.shaded.com.amazonaws.sdk.disableCbor";

  /** Turns CBOR off for every AWS SDK in this JVM (kinesalite answers CBOR requests badly). */
  public static void disableCbor() {
    System.setProperty(SHADED_SDK_V1_DISABLE_CBOR, "true");
    System.setProperty("com.amazonaws.sdk.disableCbor", "true");
    System.setProperty("aws.cborEnabled", "false");
  }

  /**
   * The legacy consumer with event-time watermarks per shard ({@link ShardWatermarks}, wrapped
   * around the source context in {@link #run}), turning CBOR off in the task's JVM before it
   * creates its clients when it talks to an endpoint override (kinesalite and other local servers
   * do not speak CBOR well).
   */
  static final class Consumer extends FlinkKinesisConsumer<RawRecord> {
    private static final long serialVersionUID = 1L;
    private final boolean disableCbor;
    private final long boundMs;
    private final long idlenessMs;
    private final OwnedShards owned;

    Consumer(
        String stream,
        RawRecordKinesisDeserializer schema,
        Properties properties,
        boolean disableCbor,
        Duration bound,
        Duration idleness) {
      super(stream, schema, properties);
      this.disableCbor = disableCbor;
      this.boundMs = bound.toMillis();
      this.idlenessMs = idleness.toMillis();
      this.owned = new OwnedShards(getShardAssigner());
      setShardAssigner(owned);
    }

    @Override
    public void run(SourceContext<RawRecord> ctx) throws Exception {
      if (disableCbor) disableCbor();
      ShardWatermarks watermarks =
          new ShardWatermarks(ctx, boundMs, idlenessMs, System::currentTimeMillis);
      owned.announceTo(watermarks, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
      watermarks.startTimer(
          Math.max(50, Math.min(1000, idlenessMs / 4)),
          "vigil-shard-watermarks-" + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks());
      try {
        super.run(watermarks);
      } finally {
        watermarks.stop();
      }
    }
  }

  /**
   * The connector's shard assigner, unchanged, that also tells the subtask's {@link
   * ShardWatermarks} which shards it will read (the connector subscribes a subtask to a shard when
   * {@code |assign(shard) % parallelism| == subtask index}), before their first record.
   */
  static final class OwnedShards implements KinesisShardAssigner {
    private static final long serialVersionUID = 1L;
    private final KinesisShardAssigner assigner;
    private transient ShardWatermarks watermarks;
    private transient int subtask;

    OwnedShards(KinesisShardAssigner assigner) {
      this.assigner = assigner;
    }

    void announceTo(ShardWatermarks watermarks, int subtask) {
      this.watermarks = watermarks;
      this.subtask = subtask;
    }

    @Override
    public int assign(StreamShardHandle shard, int subtasks) {
      int hash = assigner.assign(shard, subtasks);
      if (watermarks != null && Math.abs(hash % subtasks) == subtask && !shard.isClosed()) {
        watermarks.ownShard(shard.getShard().getShardId());
      }
      return hash;
    }
  }

  /** The connector properties for {@code settings} (visible for tests). */
  public static Properties properties(Settings settings) {
    Properties p = new Properties();
    p.setProperty(AWSConfigConstants.AWS_REGION, settings.region());
    if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
      p.setProperty(AWSConfigConstants.AWS_ENDPOINT, settings.endpoint());
    }
    switch (settings.credentials()) {
      case DEFAULT -> p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "AUTO");
      case BASIC -> {
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "BASIC");
        p.setProperty(AWSConfigConstants.AWS_ACCESS_KEY_ID, envOr("AWS_ACCESS_KEY_ID", "local"));
        p.setProperty(
            AWSConfigConstants.AWS_SECRET_ACCESS_KEY, envOr("AWS_SECRET_ACCESS_KEY", "local"));
      }
      case PROFILE -> {
        p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "PROFILE");
        if (settings.profile() != null && !settings.profile().isBlank()) {
          p.setProperty(AWSConfigConstants.AWS_PROFILE_NAME, settings.profile());
        }
      }
    }
    p.setProperty(
        ConsumerConfigConstants.STREAM_INITIAL_POSITION, settings.initialPosition().name());
    if (settings.initialPosition() == InitialPosition.AT_TIMESTAMP) {
      if (settings.initialTimestamp() == null) {
        throw new IllegalArgumentException(
            "initial position AT_TIMESTAMP needs an initial timestamp");
      }
      // Epoch seconds (with fractions) are accepted without a date format.
      p.setProperty(
          ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP,
          String.valueOf(settings.initialTimestamp().toEpochMilli() / 1000.0));
    }
    // Polling (no enhanced fan-out: kinesalite and many accounts have none).
    p.setProperty(ConsumerConfigConstants.RECORD_PUBLISHER_TYPE, "POLLING");
    return p;
  }

  /** The stream name of a name or an ARN ({@code arn:aws:kinesis:region:account:stream/name}). */
  public static String streamName(String nameOrArn) {
    if (nameOrArn.startsWith("arn:")) {
      int slash = nameOrArn.lastIndexOf('/');
      if (slash < 0 || slash == nameOrArn.length() - 1) {
        throw new IllegalArgumentException("not a Kinesis stream ARN: " + nameOrArn);
      }
      return nameOrArn.substring(slash + 1);
    }
    return nameOrArn;
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /**
   * One stream as a DataStream: the consumer, which assigns event-time timestamps and per-shard
   * watermarks itself ({@link ShardWatermarks}), with stable uids and readable names. The {@code
   * -watermarks} operator that assigned arrival-time watermarks before is kept as a stateless
   * pass-through under its uid, so savepoints of earlier versions restore unchanged.
   */
  public static DataStream<RawRecord> stream(
      StreamExecutionEnvironment env, StreamKind kind, Settings settings) {
    return env.addSource(consumer(kind, settings))
        .uid(uid(kind))
        .name(name(kind, settings))
        .map(new PassThrough())
        .uid(uid(kind) + "-watermarks")
        .name(name(kind, settings) + ": event time (assigned in the source)");
  }

  /** Identity (keeps the uid of the former watermark operator). */
  static final class PassThrough implements MapFunction<RawRecord, RawRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public RawRecord map(RawRecord r) {
      return r;
    }
  }
}
