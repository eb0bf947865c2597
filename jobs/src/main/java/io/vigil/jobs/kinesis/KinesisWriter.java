package io.vigil.jobs.kinesis;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.sim.FleetSimulator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Puts raw records into the three Kinesis streams with PutRecords: batches of at most 500 records
 * and 5 MiB, partition key = {@link RawRecord#partitionKey}, failed entries (throttling, internal
 * errors) retried with back-off until they succeed or {@link #MAX_ATTEMPTS} is reached. Order per
 * partition key is kept within a batch; a retried entry may land after later ones (as with any
 * PutRecords producer), which the job tolerates.
 */
public final class KinesisWriter {
  public static final int MAX_RECORDS = 500;
  public static final long MAX_BYTES = 5L * 1024 * 1024;
  public static final int MAX_RECORD_BYTES = 1024 * 1024;
  static final int MAX_ATTEMPTS = 10;

  private final KinesisClient client;
  private final Map<StreamKind, String> streams;
  private final Map<StreamKind, List<PutRecordsRequestEntry>> pending =
      new EnumMap<>(StreamKind.class);
  private final Map<StreamKind, Long> pendingBytes = new EnumMap<>(StreamKind.class);
  private final Map<StreamKind, Long> written = new EnumMap<>(StreamKind.class);
  private long retriedEntries;

  public KinesisWriter(KinesisClient client, Map<StreamKind, String> streams) {
    this.client = client;
    this.streams = new EnumMap<>(streams);
    for (StreamKind k : StreamKind.values()) {
      pending.put(k, new ArrayList<>());
      pendingBytes.put(k, 0L);
      written.put(k, 0L);
    }
  }

  /** Creates each stream that does not exist yet ({@code shards} shards) and waits until ACTIVE. */
  public static void createStreams(KinesisClient client, Iterable<String> names, int shards)
      throws InterruptedException {
    for (String name : names) {
      try {
        client.createStream(b -> b.streamName(name).shardCount(shards));
      } catch (ResourceInUseException alreadyThere) {
        // exists (or is being created): wait for it below
      }
    }
    for (String name : names) {
      for (int i = 0; ; i++) {
        try {
          StreamStatus status =
              client
                  .describeStreamSummary(b -> b.streamName(name))
                  .streamDescriptionSummary()
                  .streamStatus();
          if (status == StreamStatus.ACTIVE) break;
        } catch (ResourceNotFoundException notYet) {
          // just created
        }
        if (i > 600) throw new IllegalStateException("stream " + name + " did not become ACTIVE");
        Thread.sleep(100);
      }
    }
  }

  /** Queues one record; sends the stream's batch when it is full. */
  public void add(RawRecord r) throws InterruptedException {
    if (r.data.length > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(r + " is larger than the 1 MiB Kinesis record limit");
    }
    StreamKind kind = r.streamKind();
    long size =
        r.data.length + r.partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (pending.get(kind).size() >= MAX_RECORDS || pendingBytes.get(kind) + size > MAX_BYTES) {
      flush(kind);
    }
    pending
        .get(kind)
        .add(
            PutRecordsRequestEntry.builder()
                .partitionKey(r.partitionKey)
                .data(SdkBytes.fromByteArray(r.data))
                .build());
    pendingBytes.merge(kind, size, Long::sum);
  }

  /** Sends everything queued. */
  public void flush() throws InterruptedException {
    for (StreamKind k : StreamKind.values()) flush(k);
  }

  private void flush(StreamKind kind) throws InterruptedException {
    List<PutRecordsRequestEntry> batch = pending.get(kind);
    if (batch.isEmpty()) return;
    String stream = streams.get(kind);
    List<PutRecordsRequestEntry> todo = new ArrayList<>(batch);
    for (int attempt = 1; !todo.isEmpty(); attempt++) {
      final List<PutRecordsRequestEntry> send = todo;
      PutRecordsResponse response = client.putRecords(b -> b.streamName(stream).records(send));
      if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
        written.merge(kind, (long) send.size(), Long::sum);
        break;
      }
      List<PutRecordsRequestEntry> failed = new ArrayList<>();
      List<PutRecordsResultEntry> results = response.records();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).errorCode() != null) failed.add(send.get(i));
      }
      written.merge(kind, (long) (send.size() - failed.size()), Long::sum);
      retriedEntries += failed.size();
      if (attempt >= MAX_ATTEMPTS) {
        throw new IllegalStateException(
            failed.size()
                + " records to "
                + stream
                + " still failing after "
                + attempt
                + " attempts: "
                + results.stream()
                    .filter(e -> e.errorCode() != null)
                    .findFirst()
                    .map(e -> e.errorCode() + " " + e.errorMessage())
                    .orElse("?"));
      }
      Thread.sleep(Math.min(2000, 50L << Math.min(attempt, 5)));
      todo = failed;
    }
    batch.clear();
    pendingBytes.put(kind, 0L);
  }

  /**
   * Puts the next {@code minutes} fleet minutes of {@code sim}, flushing after each minute. With a
   * positive {@code clockFactor} (fleet seconds per wall second) minute {@code m} is sent no
   * earlier than {@code m * 60 / clockFactor} seconds after the call: a live feed; 0 = as fast as
   * possible.
   */
  public void putMinutes(FleetSimulator sim, long minutes, double clockFactor)
      throws InterruptedException {
    long t0 = System.nanoTime();
    for (long m = 0; m < minutes; m++) {
      if (clockFactor > 0) {
        long due = t0 + (long) (m * 60e9 / clockFactor);
        long wait = due - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      for (RawRecord r : sim.nextMinute()) add(r);
      flush();
    }
  }

  /** Records written per stream so far. */
  public Map<StreamKind, Long> written() {
    return new EnumMap<>(written);
  }

  public long retriedEntries() {
    return retriedEntries;
  }
}
