package io.vigil.jobs.kinesis;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.io.RecordingFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Captures Kinesis records into the recording format (one JSONL file per stream, as {@code vigil
 * simulate --to files} writes them) with GetShardIterator / GetRecords, polling every shard of each
 * stream. Stops after {@code duration}, or (no duration) once every shard has been read up to its
 * tip. Shards are listed once at the start (resharding during a capture is not followed).
 */
public final class KinesisRecorder {
  private static final int GET_LIMIT = 1000;

  private final KinesisClient client;

  public KinesisRecorder(KinesisClient client) {
    this.client = client;
  }

  /** File name of a stream kind's recording, e.g. {@code lambda_logs.jsonl}. */
  public static String fileName(StreamKind kind) {
    return kind.name().toLowerCase(Locale.ROOT) + ".jsonl";
  }

  /**
   * Records {@code streams} (stream kind -> stream name) into {@code output}; returns the records
   * written per kind.
   */
  public Map<StreamKind, Long> record(
      Map<StreamKind, String> streams, Path output, ShardIteratorType from, Duration duration)
      throws IOException, InterruptedException {
    Files.createDirectories(output);
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    Map<StreamKind, Long> counts = new EnumMap<>(StreamKind.class);
    Map<StreamKind, BufferedWriter> writers = new EnumMap<>(StreamKind.class);
    List<ShardCursor> cursors = new ArrayList<>();
    try {
      for (Map.Entry<StreamKind, String> e : streams.entrySet()) {
        writers.put(
            e.getKey(),
            Files.newBufferedWriter(output.resolve(fileName(e.getKey())), StandardCharsets.UTF_8));
        counts.put(e.getKey(), 0L);
        for (Shard shard : client.listShards(b -> b.streamName(e.getValue())).shards()) {
          String iterator =
              client
                  .getShardIterator(
                      b ->
                          b.streamName(e.getValue())
                              .shardId(shard.shardId())
                              .shardIteratorType(from))
                  .shardIterator();
          cursors.add(new ShardCursor(e.getKey(), shard.shardId(), iterator));
        }
      }
      while (System.nanoTime() < deadline) {
        boolean anyData = false;
        boolean allAtTip = true;
        for (ShardCursor c : cursors) {
          if (c.iterator == null) continue; // closed shard, fully read
          GetRecordsResponse r;
          try {
            final String it = c.iterator;
            r = client.getRecords(b -> b.shardIterator(it).limit(GET_LIMIT));
          } catch (ProvisionedThroughputExceededException slowDown) {
            allAtTip = false;
            continue;
          }
          BufferedWriter w = writers.get(c.kind);
          for (Record rec : r.records()) {
            RawRecord raw =
                new RawRecord(
                    c.kind,
                    rec.partitionKey(),
                    c.shardId,
                    rec.sequenceNumber(),
                    rec.approximateArrivalTimestamp() == null
                        ? 0L
                        : rec.approximateArrivalTimestamp().toEpochMilli(),
                    0L,
                    rec.data().asByteArray());
            w.write(RecordingFormat.toLine(raw));
            w.newLine();
            counts.merge(c.kind, 1L, Long::sum);
          }
          anyData |= !r.records().isEmpty();
          Long behind = r.millisBehindLatest();
          if (!r.records().isEmpty() || (behind != null && behind > 0)) allAtTip = false;
          c.iterator = r.nextShardIterator();
        }
        if (duration == null && allAtTip) break;
        // Kinesis allows 5 GetRecords per shard and second.
        if (!anyData) Thread.sleep(Math.min(1000, remainingMs(deadline)));
        else Thread.sleep(Math.min(200, remainingMs(deadline)));
      }
    } finally {
      for (BufferedWriter w : writers.values()) w.close();
    }
    return counts;
  }

  /** Stream kinds in the CLI's order (lambda, flow, billing) mapped to the given names. */
  public static Map<StreamKind, String> byKind(List<String> names) {
    if (names.isEmpty() || names.size() > StreamKind.values().length) {
      throw new IllegalArgumentException(
          "--streams: give 1 to 3 stream names (lambda logs, flow logs, billing), got " + names);
    }
    Map<StreamKind, String> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) m.put(StreamKind.values()[i], names.get(i));
    return m;
  }

  private static long remainingMs(long deadline) {
    if (deadline == Long.MAX_VALUE) return Long.MAX_VALUE;
    return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
  }

  private static final class ShardCursor {
    final StreamKind kind;
    final String shardId;
    String iterator;

    ShardCursor(StreamKind kind, String shardId, String iterator) {
      this.kind = kind;
      this.shardId = shardId;
      this.iterator = iterator;
    }
  }
}
