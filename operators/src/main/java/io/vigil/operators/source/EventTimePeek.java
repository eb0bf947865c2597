package io.vigil.operators.source;

import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder;
import io.vigil.models.decode.DecodeException;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.event.TelemetryEvent;

/**
 * The earliest event time a Kinesis record carries (epoch ms), or 0 when it has none or cannot be
 * read (the decoder dead-letters it later; it must not move the watermark). Lambda logs: the
 * smallest {@code logEvents[].timestamp} of the CloudWatch Logs envelope (one JSON parse, the
 * messages stay strings). Flow logs and billing rows: the smallest event time the decoder itself
 * assigns (flow {@code start}, billing usage start), so custom flow formats, envelopes and FOCUS
 * rows are covered by the same code; these streams are far smaller than the Lambda logs. The
 * earliest, not the newest: the watermark trails the newest record timestamp of a shard, and a
 * record's own events must not be behind it.
 */
final class EventTimePeek {
  private final StreamKind kind;
  private final int maxDecompressedBytes;
  private final RecordDecoder decoder;

  EventTimePeek(StreamKind kind) {
    this.kind = kind;
    DecoderConfig config = new DecoderConfig();
    this.maxDecompressedBytes = config.maxDecompressedBytes;
    this.decoder = kind == StreamKind.LAMBDA_LOGS ? null : new RecordDecoder(config);
  }

  long earliest(byte[] data) {
    return kind == StreamKind.LAMBDA_LOGS ? earliestLogEvent(data) : earliestDecoded(data);
  }

  private long earliestLogEvent(byte[] data) {
    try {
      CloudWatchLogsEnvelopeDecoder.Envelope env =
          CloudWatchLogsEnvelopeDecoder.decode(data, maxDecompressedBytes);
      if (env.isControl() || env.logEvents() == null) return 0; // health checks carry "now"
      long min = Long.MAX_VALUE;
      for (CloudWatchLogsEnvelopeDecoder.LogEvent e : env.logEvents()) {
        if (e.timestamp() > 0) min = Math.min(min, e.timestamp());
      }
      return min == Long.MAX_VALUE ? 0 : min;
    } catch (DecodeException | RuntimeException unreadable) {
      return 0;
    }
  }

  private long earliestDecoded(byte[] data) {
    RawRecord probe = new RawRecord(kind, "", "", "", 0L, 0L, data);
    long min = Long.MAX_VALUE;
    try {
      for (TelemetryEvent e : decoder.decode(probe).events) {
        if (e.timestamp > 0) min = Math.min(min, e.timestamp);
      }
    } catch (RuntimeException unreadable) {
      return 0;
    }
    return min == Long.MAX_VALUE ? 0 : min;
  }
}
