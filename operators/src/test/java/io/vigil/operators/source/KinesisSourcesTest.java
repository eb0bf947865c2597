package io.vigil.operators.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.junit.jupiter.api.Test;

class KinesisSourcesTest {
  @Test
  void propertiesCarryRegionEndpointCredentialsAndPosition() {
    Configuration conf = new Configuration();
    conf.set(KinesisOptions.REGION, "eu-west-1");
    conf.set(KinesisOptions.ENDPOINT, "http://localhost:4567");
    conf.set(KinesisOptions.CREDENTIALS, KinesisSources.Credentials.BASIC);
    conf.set(KinesisOptions.INITIAL_POSITION, KinesisSources.InitialPosition.AT_TIMESTAMP);
    conf.set(KinesisOptions.INITIAL_TIMESTAMP, "2025-11-20T00:00:01.500Z");
    Properties p = KinesisSources.properties(KinesisOptions.settings(conf));
    assertThat(p.getProperty(AWSConfigConstants.AWS_REGION)).isEqualTo("eu-west-1");
    assertThat(p.getProperty(AWSConfigConstants.AWS_ENDPOINT)).isEqualTo("http://localhost:4567");
    assertThat(p.getProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER)).isEqualTo("BASIC");
    assertThat(p.getProperty(AWSConfigConstants.AWS_ACCESS_KEY_ID)).isNotBlank();
    assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION))
        .isEqualTo("AT_TIMESTAMP");
    assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP))
        .isEqualTo("1.7635968015E9");
  }

  @Test
  void defaultsUseTheSdkChainFromLatest() {
    Properties p = KinesisSources.properties(KinesisOptions.settings(new Configuration()));
    assertThat(p.getProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER)).isEqualTo("AUTO");
    assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION)).isEqualTo("LATEST");
    assertThat(p.getProperty(AWSConfigConstants.AWS_ENDPOINT)).isNull();
  }

  @Test
  void atTimestampWithoutTimestampIsRejected() {
    Configuration conf = new Configuration();
    conf.set(KinesisOptions.INITIAL_POSITION, KinesisSources.InitialPosition.AT_TIMESTAMP);
    assertThatThrownBy(() -> KinesisOptions.settings(conf))
        .hasMessageContaining("vigil.kinesis.initial-timestamp");
    KinesisSources.Settings d = KinesisOptions.settings(new Configuration());
    KinesisSources.Settings noTimestamp =
        new KinesisSources.Settings(
            d.streams(),
            d.outOfOrderness(),
            d.region(),
            d.endpoint(),
            KinesisSources.InitialPosition.AT_TIMESTAMP,
            null,
            d.credentials(),
            d.profile(),
            d.idleness());
    assertThatThrownBy(() -> KinesisSources.properties(noTimestamp))
        .hasMessageContaining("timestamp");
  }

  @Test
  void streamNamesAndArns() {
    assertThat(KinesisSources.streamName("vigil-billing")).isEqualTo("vigil-billing");
    assertThat(KinesisSources.streamName("arn:aws:kinesis:us-east-1:123456789012:stream/logs"))
        .isEqualTo("logs");
    assertThatThrownBy(() -> KinesisSources.streamName("arn:aws:kinesis:us-east-1:1:stream/"))
        .hasMessageContaining("ARN");
  }

  @Test
  void deserializerKeepsCoordinatesAndBytes() {
    RawRecord r =
        new RawRecordKinesisDeserializer(StreamKind.FLOW_LOGS)
            .deserialize(
                new byte[] {1, 2}, "eni-1", "4963", 1234L, "flows", "shardId-000000000001");
    assertThat(r.streamKind()).isEqualTo(StreamKind.FLOW_LOGS);
    assertThat(r.partitionKey).isEqualTo("eni-1");
    assertThat(r.sequenceNumber).isEqualTo("4963");
    assertThat(r.shardId).isEqualTo("shardId-000000000001");
    assertThat(r.arrivalTimestamp).isEqualTo(1234L);
    assertThat(r.data).containsExactly(1, 2);
  }

  @Test
  void deserializerPeeksTheEarliestEventTimeOfEachRecord() {
    SimulationConfig sim = new SimulationConfig();
    sim.seed = 7;
    sim.functions = 10;
    sim.corruptEvery = 0;
    FleetSimulator fleet = new FleetSimulator(sim);
    RecordDecoder decoder = new RecordDecoder(new DecoderConfig());
    Map<StreamKind, Integer> checked = new EnumMap<>(StreamKind.class);
    for (int minute = 0; minute < 70; minute++) {
      for (RawRecord r : fleet.nextMinute()) {
        RawRecord read =
            new RawRecordKinesisDeserializer(r.streamKind())
                .deserialize(r.data, r.partitionKey, "1", 99L, "s", "shardId-0");
        long earliest =
            decoder.decode(r).events.stream().mapToLong(e -> e.timestamp).min().orElse(0);
        if (earliest == 0) continue;
        checked.merge(r.streamKind(), 1, Integer::sum);
        if (r.streamKind() == StreamKind.LAMBDA_LOGS) {
          // The earliest log event: at or before its first invocation, within the minute.
          assertThat(read.eventTimestamp).isPositive().isLessThanOrEqualTo(earliest);
          assertThat(earliest - read.eventTimestamp).isLessThan(Duration.ofMinutes(2).toMillis());
        } else {
          assertThat(read.eventTimestamp).isEqualTo(earliest);
        }
      }
    }
    assertThat(checked).containsOnlyKeys(StreamKind.values());
  }

  @Test
  void unreadableRecordsAndControlMessagesCarryNoEventTime() {
    String control =
        "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\","
            + "\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\","
            + "\"timestamp\":1432826855000,\"message\":\"CWL CONTROL MESSAGE\"}]}";
    for (StreamKind kind : StreamKind.values()) {
      RawRecordKinesisDeserializer d = new RawRecordKinesisDeserializer(kind);
      assertThat(d.deserialize(new byte[] {1, 2, 3}, "k", "1", 5L, "s", "x").eventTimestamp)
          .isZero();
      assertThat(
              d.deserialize(control.getBytes(StandardCharsets.UTF_8), "k", "1", 5L, "s", "x")
                  .eventTimestamp)
          .isZero();
    }
  }

  @Test
  void shardWatermarksWaitForEveryOwnedShard() {
    Recorder out = new Recorder();
    ShardWatermarks w = new ShardWatermarks(out, 1_000, 60_000, () -> 0L);
    w.ownShard("a");
    w.ownShard("b");
    w.collectWithTimestamp(record("a", 100_000), 1);
    assertThat(out.watermarks).as("shard b has not delivered yet").isEmpty();
    assertThat(out.timestamps).containsExactly(100_000L);
    w.collectWithTimestamp(record("b", 50_000), 1);
    assertThat(out.watermarks).containsExactly(50_000L - 1_000 - 1);
    // A record without an event time takes its shard's newest and moves nothing.
    w.collectWithTimestamp(record("b", 0), 777);
    assertThat(out.timestamps).containsExactly(100_000L, 50_000L, 50_000L);
    assertThat(out.watermarks).hasSize(1);
    w.collectWithTimestamp(record("b", 200_000), 1);
    assertThat(out.watermarks).containsExactly(48_999L, 100_000L - 1_001);
  }

  @Test
  void noRecordWithinTheBoundIsLateInAnyInterleaving() {
    // Two shards, each out of order by less than the bound (10).
    long[] a = {10, 20, 15, 30, 40, 35, 50, 60, 55, 70};
    long[] b = {12, 11, 25, 22, 33, 45, 41, 55, 66, 64};
    SplittableRandom random = new SplittableRandom(1);
    for (int run = 0; run < 200; run++) {
      int[] order = new int[a.length + b.length];
      for (int k = 0; k < order.length; k++) order[k] = random.nextInt(2);
      assertThat(late(a, b, order)).as("interleaving " + Arrays.toString(order)).isEmpty();
    }
    // What stays order-dependent: a record more than the bound behind its own shard is late or
    // not depending on how far the other shard got.
    long[] behind = {10, 20, 30, 40, 50, 60, 5};
    assertThat(late(behind, b, new int[] {0, 0, 0, 0, 0, 0, 0})).isEmpty();
    assertThat(late(behind, b, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1})).containsExactly("a5");
  }

  /** Records whose timestamp is not above the watermark when they are emitted. */
  private static Set<String> late(long[] a, long[] b, int[] order) {
    Recorder out = new Recorder();
    ShardWatermarks w = new ShardWatermarks(out, 10, 60_000, () -> 0L);
    w.ownShard("a");
    w.ownShard("b");
    int ia = 0;
    int ib = 0;
    Set<String> late = new TreeSet<>();
    for (int k = 0; ia < a.length || ib < b.length; k++) {
      boolean fromA = ib >= b.length || (ia < a.length && (k >= order.length || order[k] == 0));
      long ts = fromA ? a[ia++] : b[ib++];
      long before = w.watermark();
      if (ts <= before) late.add((fromA ? "a" : "b") + ts);
      w.collectWithTimestamp(record(fromA ? "a" : "b", ts), 0);
    }
    return late;
  }

  @Test
  void silentShardsStopHoldingTimeAndASilentSubtaskIsIdle() {
    long[] now = {0};
    Recorder out = new Recorder();
    ShardWatermarks w = new ShardWatermarks(out, 0, 30_000, () -> now[0]);
    w.ownShard("a");
    w.ownShard("b");
    w.collectWithTimestamp(record("a", 100_000), 1);
    assertThat(out.watermarks).isEmpty();
    now[0] = 30_000; // b never delivered: silent for the idleness
    w.collectWithTimestamp(record("a", 110_000), 1);
    assertThat(out.watermarks).containsExactly(109_999L);
    now[0] = 70_000;
    w.ownShard("c"); // registered now: not silent yet, holds at its start
    w.collectWithTimestamp(record("a", 120_000), 1);
    assertThat(out.watermarks).containsExactly(109_999L);
    now[0] = 200_000;
    w.ownShard("c");
    w.stop();
    w.collectWithTimestamp(record("a", 130_000), 1);
    assertThat(out.idle).as("stopped: no more watermark or idleness").isZero();
    assertThat(out.watermarks).containsExactly(109_999L);

    Recorder quiet = new Recorder();
    ShardWatermarks q = new ShardWatermarks(quiet, 0, 30_000, () -> now[0]);
    q.ownShard("a");
    q.collectWithTimestamp(record("a", 5_000), 1);
    now[0] += 30_000;
    q.collectWithTimestamp(record("z", 0), 1); // an unannounced shard, no event time
    assertThat(quiet.idle).isZero();
    now[0] += 30_000;
    q.markAsTemporarilyIdle(); // the connector's own call only counts without shards
    assertThat(quiet.idle).isZero();
  }

  @Test
  void timeBlockedByBackpressureIsNotSilence() {
    long[] now = {0};
    Recorder out =
        new Recorder() {
          @Override
          public void collectWithTimestamp(RawRecord element, long timestamp) {
            super.collectWithTimestamp(element, timestamp);
            if (element.shardId.equals("a") && timestamps.size() == 2) now[0] += 40_000;
          }
        };
    ShardWatermarks w = new ShardWatermarks(out, 0, 30_000, () -> now[0]);
    w.ownShard("a");
    w.ownShard("b");
    w.collectWithTimestamp(record("b", 100_000), 1);
    w.collectWithTimestamp(record("a", 100_000), 1); // blocked for 40 s
    assertThat(out.idle).isZero();
    now[0] += 10_000;
    w.collectWithTimestamp(record("a", 110_000), 1);
    assertThat(out.watermarks)
        .as("b still holds: it could not deliver while blocked")
        .containsExactly(99_999L);
    now[0] += 30_000;
    w.collectWithTimestamp(record("a", 120_000), 1);
    assertThat(out.watermarks).containsExactly(99_999L, 119_999L);
  }

  private static RawRecord record(String shard, long eventTime) {
    RawRecord r = new RawRecord(StreamKind.LAMBDA_LOGS, "k", shard, "1", 0L, eventTime, null);
    return r;
  }

  /** A source context that records what it is given. */
  static class Recorder implements SourceFunction.SourceContext<RawRecord> {
    final List<Long> timestamps = new ArrayList<>();
    final List<Long> watermarks = new ArrayList<>();
    int idle;
    private final Object lock = new Object();

    @Override
    public void collect(RawRecord element) {
      throw new AssertionError("records are emitted with timestamps");
    }

    @Override
    public void collectWithTimestamp(RawRecord element, long timestamp) {
      timestamps.add(timestamp);
    }

    @Override
    public void emitWatermark(Watermark mark) {
      watermarks.add(mark.getTimestamp());
    }

    @Override
    public void markAsTemporarilyIdle() {
      idle++;
    }

    @Override
    public Object getCheckpointLock() {
      return lock;
    }

    @Override
    public void close() {}
  }

  @Test
  void uidsAndNames() {
    Configuration conf = new Configuration();
    conf.set(KinesisOptions.FLOW_STREAM, "arn:aws:kinesis:us-east-1:1:stream/flows");
    KinesisSources.Settings s = KinesisOptions.settings(conf);
    assertThat(KinesisSources.uid(StreamKind.LAMBDA_LOGS)).isEqualTo("source-kinesis-lambda-logs");
    assertThat(KinesisSources.name(StreamKind.FLOW_LOGS, s))
        .isEqualTo("Kinesis: VPC flow logs (flows)");
  }
}
