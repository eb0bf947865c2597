package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.Envelope;
import io.vigil.models.event.StreamKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A subscription filter named with a region gives the envelope's events that region. */
class EnvelopeRegionTest {
  private static Envelope withFilters(String filtersJson) throws DecodeException {
    String json =
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"/aws/lambda/f\","
            + "\"logStream\":\"s\",\"subscriptionFilters\":"
            + filtersJson
            + ",\"logEvents\":[]}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Envelope tree = CloudWatchLogsEnvelopeDecoder.parseTree(bytes);
    Envelope streamed = StreamingEnvelope.parse(bytes);
    if (streamed != null) assertThat(streamed).isEqualTo(tree); // the fast path agrees
    return CloudWatchLogsEnvelopeDecoder.parse(bytes);
  }

  @Test
  void theFirstFilterNamingARegionGivesIt() throws DecodeException {
    assertThat(withFilters("[\"vigil-lambda-eu-west-1\"]").region()).isEqualTo("eu-west-1");
    assertThat(withFilters("[\"to-ap-southeast-2/logs\"]").region()).isEqualTo("ap-southeast-2");
    assertThat(withFilters("[\"gov_us-gov-west-1\"]").region()).isEqualTo("us-gov-west-1");
    assertThat(withFilters("[\"plain\",\"x-ca-central-1\",\"eu-north-1\"]").region())
        .isEqualTo("ca-central-1");
  }

  @Test
  void noRegionTokenGivesNone() throws DecodeException {
    assertThat(withFilters("[\"vigil-lambda\"]").region()).isNull();
    assertThat(withFilters("[]").region()).isNull();
    assertThat(withFilters("[\"xus-east-1\"]").region()).isNull(); // not a token of its own
    assertThat(withFilters("[\"us-east-12b\"]").region()).isNull();
    assertThat(withFilters("[\"us-middle-1\"]").region()).isNull();
    assertThat(withFilters("\"us-east-1\"").region()).isNull(); // not an array
    assertThat(withFilters("[7,\"eu-west-3\"]").region()).isEqualTo("eu-west-3"); // strings only
  }

  @Test
  void lambdaLinesTakeTheFilterRegionElseTheDefault() {
    String sample = Samples.text("lambda-envelope.json");
    RecordDecoder decoder = new RecordDecoder();
    String renamed = sample.replace("\"vigil-lambda\"", "\"vigil-lambda-eu-west-1\"");
    assertThat(renamed).isNotEqualTo(sample);
    List<String> regions = lambdaRegions(decoder, renamed);
    assertThat(regions).isNotEmpty().containsOnly("eu-west-1");
    assertThat(lambdaRegions(decoder, sample)).containsOnly(new DecoderConfig().defaultRegion);
  }

  private static List<String> lambdaRegions(RecordDecoder decoder, String envelope) {
    DecodeResult r =
        decoder.decode(
            Samples.record(StreamKind.LAMBDA_LOGS, envelope.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.failures).isEmpty();
    return r.events.stream().map(e -> e.invocation.region).toList();
  }

  @Test
  void flowLinesWithoutARegionFieldTakeTheFilterRegionTheirOwnFieldWins() {
    String envelope =
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"210987654321\",\"logGroup\":\"vpc\","
            + "\"logStream\":\"eni-1-all\",\"subscriptionFilters\":[\"vigil-flows-us-west-2\"],"
            + "\"logEvents\":[{\"id\":\"1\",\"timestamp\":1763640000000,\"message\":\""
            + "2 210987654321 eni-1 10.0.0.1 52.1.2.3 51724 443 6 14 5210 1763640000 1763640060"
            + " ACCEPT OK\"}]}";
    DecodeResult r =
        new RecordDecoder()
            .decode(
                Samples.record(StreamKind.FLOW_LOGS, envelope.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.failures).isEmpty();
    assertThat(r.events).extracting(e -> e.flow.region).containsExactly("us-west-2");

    DecoderConfig cfg = new DecoderConfig();
    cfg.flowLogFields = List.of("interface-id", "srcaddr", "dstaddr", "bytes", "region");
    DecodeResult own = new DecodeResult();
    new FlowLogParser(cfg)
        .parseLines(List.of("eni-1 10.0.0.1 52.1.2.3 100 ap-south-1"), "1", "us-west-2", own);
    assertThat(own.events.stream().map(e -> e.flow).map(f -> f.region))
        .containsExactly("ap-south-1");
  }
}
