package io.vigil.actuator;

import io.vigil.actuator.store.CheckpointStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Long-running consumer of the remediation stream with plain GetShardIterator/GetRecords. Per
 * record: {@link Actuator#handle} on the raw bytes (which writes the ledger, or audits and
 * dead-letters a record it cannot trust), then the checkpoint of this stream and shard. No record
 * can stop the poller: only a failure to write the state folder does. A restart resumes
 * AFTER_SEQUENCE_NUMBER of the checkpoint, or at TRIM_HORIZON for a new shard. Shards are listed at
 * start (resharding needs a restart; the stream is expected to stay small).
 */
public final class KinesisPoller {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisPoller.class);

  private final KinesisClient kinesis;
  private final String stream;
  private final Actuator actuator;
  private final CheckpointStore checkpoints;
  private final int limit;
  private final long idleSleepMs;

  public KinesisPoller(
      KinesisClient kinesis,
      String stream,
      Actuator actuator,
      CheckpointStore checkpoints,
      int limit,
      long idleSleepMs) {
    this.kinesis = kinesis;
    this.stream = stream;
    this.actuator = actuator;
    this.checkpoints = checkpoints;
    this.limit = limit;
    this.idleSleepMs = idleSleepMs;
  }

  /** Runs until {@code stop} is set (or the process dies: state is always durable). */
  public void run(AtomicBoolean stop) throws InterruptedException {
    actuator.recover();
    Map<String, String> iterators = new LinkedHashMap<>();
    for (Shard s : listShards()) iterators.put(s.shardId(), null); // opened on first poll
    while (!stop.get()) {
      int seen = pollOnce(iterators);
      if (iterators.isEmpty()) {
        LOG.info("every shard is closed; stopping");
        return;
      }
      actuator.tick();
      if (seen == 0) Thread.sleep(idleSleepMs);
    }
  }

  /** One GetRecords per open shard; returns the number of records handled. */
  int pollOnce(Map<String, String> iterators) {
    int seen = 0;
    for (String shard : new ArrayList<>(iterators.keySet())) {
      try {
        String it = iterators.get(shard);
        if (it == null) it = iterator(shard); // after an error: resume from the checkpoint
        final String current = it;
        GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(current).limit(limit));
        for (Record rec : r.records()) {
          Actuator.Source src = new Actuator.Source(stream, shard, rec.sequenceNumber());
          actuator.handle(rec.data().asByteArrayUnsafe(), src);
          checkpoints.save(stream, shard, rec.sequenceNumber());
          seen++;
        }
        if (r.nextShardIterator() == null) {
          LOG.info("shard {} closed", shard);
          iterators.remove(shard);
        } else {
          iterators.put(shard, r.nextShardIterator());
        }
      } catch (SdkException e) {
        // Expired iterator, throttling, network: start again from the durable checkpoint next
        // round. Records after the checkpoint are redelivered and skipped by the ledger.
        LOG.warn("shard {}: {}; resuming from checkpoint", shard, e.toString());
        iterators.put(shard, null);
      }
    }
    return seen;
  }

  private List<Shard> listShards() {
    return kinesis.listShards(b -> b.streamName(stream)).shards();
  }

  private String iterator(String shardId) {
    String seq = checkpoints.get(stream, shardId);
    if (seq == null) {
      return kinesis
          .getShardIterator(
              b ->
                  b.streamName(stream)
                      .shardId(shardId)
                      .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
          .shardIterator();
    }
    return kinesis
        .getShardIterator(
            b ->
                b.streamName(stream)
                    .shardId(shardId)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .startingSequenceNumber(seq))
        .shardIterator();
  }
}
