package io.vigil.models.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record as it arrives from Kinesis (or a recording, or the simulator): the bytes plus where
 * they came from, so a record that fails to decode can be dead-lettered with its coordinates.
 */
public class RawRecord {
  /** {@link StreamKind} name. Kept as a string so the POJO stays Kryo-free and readable. */
  public String stream;

  public String partitionKey;
  public String shardId;
  public String sequenceNumber;

  /** Kinesis approximate arrival time (epoch ms), or the simulator's emit time. */
  public long arrivalTimestamp;

  /** Event time hint (epoch ms) set by the producer when known; 0 when unknown. */
  public long eventTimestamp;

  public byte[] data;

  /**
   * Set by a source that could not even read the record (e.g. a malformed recording line): the
   * decoder dead-letters it with this reason instead of decoding {@link #data}.
   */
  public String sourceError;

  public RawRecord() {}

  public RawRecord(
      StreamKind stream,
      String partitionKey,
      String shardId,
      String sequenceNumber,
      long arrivalTimestamp,
      long eventTimestamp,
      byte[] data) {
    this.stream = stream.name();
    this.partitionKey = partitionKey;
    this.shardId = shardId;
    this.sequenceNumber = sequenceNumber;
    this.arrivalTimestamp = arrivalTimestamp;
    this.eventTimestamp = eventTimestamp;
    this.data = data;
  }

  public StreamKind streamKind() {
    return StreamKind.valueOf(stream);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RawRecord r)) return false;
    return arrivalTimestamp == r.arrivalTimestamp
        && eventTimestamp == r.eventTimestamp
        && Objects.equals(stream, r.stream)
        && Objects.equals(partitionKey, r.partitionKey)
        && Objects.equals(shardId, r.shardId)
        && Objects.equals(sequenceNumber, r.sequenceNumber)
        && Objects.equals(sourceError, r.sourceError)
        && Arrays.equals(data, r.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stream, shardId, sequenceNumber);
  }

  @Override
  public String toString() {
    return "RawRecord{"
        + stream
        + " "
        + shardId
        + "/"
        + sequenceNumber
        + " "
        + (data == null ? 0 : data.length)
        + "B}";
  }
}
