package io.vigil.operators.source;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * Keeps a Kinesis record as it is: bytes plus its coordinates (stream kind, partition key, shard,
 * sequence number, approximate arrival time), so the decoder can dead-letter it precisely, plus the
 * earliest event time it carries ({@link RawRecord#eventTimestamp}, 0 when none: see {@link
 * EventTimePeek}), which drives the source's watermarks. Decoding happens downstream in {@code
 * DecodeFunction}; this never fails on content.
 */
public class RawRecordKinesisDeserializer implements KinesisDeserializationSchema<RawRecord> {
  private static final long serialVersionUID = 1L;

  private final StreamKind kind;
  private transient EventTimePeek peek;

  public RawRecordKinesisDeserializer(StreamKind kind) {
    this.kind = kind;
  }

  @Override
  public RawRecord deserialize(
      byte[] recordValue,
      String partitionKey,
      String seqNum,
      long approxArrivalTimestamp,
      String stream,
      String shardId) {
    if (peek == null) peek = new EventTimePeek(kind);
    return new RawRecord(
        kind,
        partitionKey,
        shardId,
        seqNum,
        approxArrivalTimestamp,
        peek.earliest(recordValue),
        recordValue);
  }

  @Override
  public TypeInformation<RawRecord> getProducedType() {
    return TypeInformation.of(RawRecord.class);
  }
}
