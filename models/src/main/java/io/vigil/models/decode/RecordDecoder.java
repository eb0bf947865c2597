package io.vigil.models.decode;

import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.Envelope;
import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.LogEvent;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point: decodes one Kinesis record of any stream into events, failures and counts. Never
 * throws. Not thread-safe: it keeps one gzip inflater for all its records, so use one per thread.
 */
public final class RecordDecoder {
  private final DecoderConfig config;
  private final LambdaLogParser lambda;
  private final FlowLogParser flow;
  private final BillingRowParser billing;
  private final GzipGuard.Reusing gzip = new GzipGuard.Reusing();

  public RecordDecoder() {
    this(new DecoderConfig());
  }

  public RecordDecoder(DecoderConfig config) {
    this.config = config;
    this.lambda = new LambdaLogParser(config);
    this.flow = new FlowLogParser(config);
    this.billing = new BillingRowParser(config);
  }

  public DecoderConfig config() {
    return config;
  }

  /**
   * Decodes a record. A non-empty result is guaranteed: a record that yields nothing else yields an
   * {@code empty-record} failure.
   */
  public DecodeResult decode(RawRecord record) {
    DecodeResult out = new DecodeResult();
    try {
      decodeInto(record, out);
    } catch (DecodeException e) {
      out.fail(e.toFailure());
    } catch (RuntimeException | StackOverflowError e) {
      // stamped with the line being parsed, so it cannot share an id with a whole-record failure
      out.fail(DecodeFailure.INTERNAL_ERROR, String.valueOf(e), null);
    }
    if (out.isEmpty()) {
      out.fail(new DecodeFailure(DecodeFailure.EMPTY_RECORD, "record decoded to nothing"));
    }
    return out;
  }

  private void decodeInto(RawRecord record, DecodeResult out) throws DecodeException {
    if (record != null && record.sourceError != null) {
      int colon = record.sourceError.indexOf(':');
      throw colon < 0
          ? new DecodeException(record.sourceError, "the source could not read this record")
          : new DecodeException(
              record.sourceError.substring(0, colon).trim(),
              record.sourceError.substring(colon + 1).trim());
    }
    if (record == null || record.data == null || record.data.length == 0) {
      throw new DecodeException(DecodeFailure.EMPTY_RECORD, "record has no data");
    }
    byte[] data = record.data;
    if (data.length > config.maxRecordBytes) {
      throw new DecodeException(
          DecodeFailure.OVERSIZED_RECORD,
          "record is " + data.length + " bytes, limit " + config.maxRecordBytes);
    }
    StreamKind kind;
    try {
      kind = record.streamKind();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new DecodeException(
          DecodeFailure.UNSUPPORTED_FORMAT, "unknown stream '" + record.stream + "'");
    }
    switch (kind) {
      case LAMBDA_LOGS -> decodeLambda(data, out);
      case FLOW_LOGS -> decodeFlow(data, out);
      case BILLING -> decodeBilling(data, out);
    }
  }

  private void decodeLambda(byte[] data, DecodeResult out) throws DecodeException {
    Envelope env = CloudWatchLogsEnvelopeDecoder.decode(data, config.maxDecompressedBytes, gzip);
    if (env.isControl()) {
      out.controlMessages++;
      return;
    }
    lambda.parse(env, out);
  }

  private void decodeFlow(byte[] data, DecodeResult out) throws DecodeException {
    byte[] payload = gzip.maybeGunzip(data, config.maxDecompressedBytes);
    if (CloudWatchLogsEnvelopeDecoder.startsWithBrace(payload)) {
      Envelope env = CloudWatchLogsEnvelopeDecoder.parse(payload);
      if (env.isControl()) {
        out.controlMessages++;
        return;
      }
      List<String> lines = new ArrayList<>(env.logEvents().size());
      for (LogEvent e : env.logEvents()) lines.add(e.message());
      flow.parseLines(lines, env.owner(), env.region(), out);
    } else {
      flow.parseText(new String(payload, StandardCharsets.UTF_8), null, out);
    }
  }

  private void decodeBilling(byte[] data, DecodeResult out) throws DecodeException {
    byte[] payload = gzip.maybeGunzip(data, config.maxDecompressedBytes);
    billing.parse(new String(payload, StandardCharsets.UTF_8), out);
  }
}
