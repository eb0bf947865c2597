package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.BillingLine;
import io.vigil.models.event.StreamKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingDecodeTest {
  private static final long START = Instant.parse("2025-11-20T12:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2025-11-20T13:00:00Z").toEpochMilli();

  private final RecordDecoder decoder = new RecordDecoder();

  private DecodeResult decode(String text) {
    return decoder.decode(
        Samples.record(StreamKind.BILLING, text.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<BillingLine> lines(DecodeResult r) {
    return r.events.stream().map(e -> e.billing).toList();
  }

  @Test
  void cur2CsvWithHeader() {
    DecodeResult r = decode(Samples.text("cur2-lambda.csv"));
    assertCur(r);
    assertThat(r.skippedLines).isEqualTo(1); // header
  }

  @Test
  void cur2CsvGzipAndHeaderless() {
    String text = Samples.text("cur2-lambda.csv");
    String rowsOnly = text.substring(text.indexOf('\n') + 1);
    DecodeResult r = decoder.decode(Samples.record(StreamKind.BILLING, Samples.gzip(rowsOnly)));
    assertCur(r);
    assertThat(r.skippedLines).isZero();
  }

  private static void assertCur(DecodeResult r) {
    assertThat(r.failures).isEmpty();
    List<BillingLine> b = lines(r);
    assertThat(b).hasSize(3);
    assertThat(b).extracting(l -> l.usageKind).containsExactly("GB_SECOND", "REQUEST", "GB_SECOND");
    assertThat(b).extracting(l -> l.architecture).containsExactly("x86_64", "x86_64", "arm64");
    assertThat(b)
        .extracting(l -> l.functionName)
        .containsExactly("checkout-api", "checkout-api", "thumbnailer");
    BillingLine gb = b.get(0);
    assertThat(gb.source).isEqualTo("CUR2");
    assertThat(gb.lineItemId).isEqualTo("q7x2k9");
    assertThat(gb.accountId).isEqualTo("210987654321");
    assertThat(gb.region).isEqualTo("us-east-1");
    assertThat(gb.resourceId)
        .isEqualTo("arn:aws:lambda:us-east-1:210987654321:function:checkout-api");
    assertThat(gb.usageType).isEqualTo("USE1-Lambda-GB-Second");
    assertThat(gb.usageAmount).isEqualTo(18432.5);
    assertThat(gb.cost).isEqualTo(0.30721);
    assertThat(gb.currency).isEqualTo("USD");
    assertThat(gb.usageStart).isEqualTo(START);
    assertThat(gb.usageEnd).isEqualTo(END);
    assertThat(b.get(1).usageAmount).isEqualTo(41200.0);
    assertThat(b.get(1).cost).isEqualTo(0.00824);
    assertThat(b.get(2).cost).isEqualTo(1.20282);
    assertThat(r.events.get(0).key).isEqualTo("210987654321/us-east-1/checkout-api");
    assertThat(r.events.get(0).timestamp).isEqualTo(START);
  }

  @Test
  void focusCsv() {
    DecodeResult r = decode(Samples.text("focus-lambda.csv"));
    assertThat(r.failures).isEmpty();
    List<BillingLine> b = lines(r);
    assertThat(b).hasSize(1);
    BillingLine f = b.get(0);
    assertThat(f.source).isEqualTo("FOCUS");
    assertThat(f.accountId).isEqualTo("210987654321");
    assertThat(f.region).isEqualTo("us-east-1");
    assertThat(f.functionName).isEqualTo("checkout-api");
    assertThat(f.usageKind).isEqualTo("GB_SECOND");
    assertThat(f.architecture).isEqualTo("x86_64");
    assertThat(f.usageAmount).isEqualTo(18432.5);
    assertThat(f.cost).isEqualTo(0.30721);
    assertThat(f.usageStart).isEqualTo(START);
    assertThat(f.usageEnd).isEqualTo(END);
    assertThat(f.lineItemId).isNotBlank();
  }

  @Test
  void jsonObjectsAndJsonLines() {
    String one =
        "{\"identity_line_item_id\":\"j1\",\"line_item_usage_start_date\":\"2025-11-20T12:00:00Z\","
            + "\"line_item_usage_end_date\":\"2025-11-20T13:00:00Z\",\"line_item_product_code\":\"AWSLambda\","
            + "\"line_item_usage_type\":\"Request-ARM\",\"line_item_resource_id\":"
            + "\"arn:aws:lambda:eu-west-1:111122223333:function:resize:prod\",\"line_item_usage_amount\":1000,"
            + "\"line_item_unblended_cost\":0.0002,\"resource_tags\":{\"a\":\"b\"}}";
    DecodeResult r = decode(one);
    assertThat(r.failures).isEmpty();
    BillingLine b = lines(r).get(0);
    assertThat(b.usageKind).isEqualTo("REQUEST");
    assertThat(b.architecture).isEqualTo("arm64");
    assertThat(b.functionName).isEqualTo("resize");
    assertThat(b.region).isEqualTo("eu-west-1");
    assertThat(b.accountId).isEqualTo("111122223333");
    assertThat(b.usageAmount).isEqualTo(1000.0);

    String focus =
        "{\"SubAccountId\":\"1\",\"ChargePeriodStart\":\"2025-11-20T12:00:00Z\",\"ChargePeriodEnd\":\"2025-11-20T13:00:00Z\","
            + "\"ServiceName\":\"AWS Lambda\",\"ResourceId\":\"arn:aws:lambda:us-east-1:1:function:f\","
            + "\"RegionId\":\"us-east-1\",\"ConsumedQuantity\":\"5\",\"ConsumedUnit\":\"Hours\","
            + "\"PricingUnit\":\"Lambda-Provisioned-Concurrency-ARM\",\"BilledCost\":\"0.5\"}";
    String other =
        "{\"SubAccountId\":\"1\",\"ChargePeriodStart\":\"2025-11-20T12:00:00Z\",\"ChargePeriodEnd\":\"2025-11-20T13:00:00Z\","
            + "\"ServiceName\":\"Amazon S3\",\"BilledCost\":\"0.5\"}";
    DecodeResult lines = decode(one + "\n" + focus + "\n" + other + "\n{broken\n");
    assertThat(lines(lines))
        .extracting(l -> l.usageKind)
        .containsExactly("REQUEST", "PROVISIONED_CONCURRENCY");
    assertThat(lines(lines).get(1).architecture).isEqualTo("arm64");
    assertThat(lines.skippedLines).isEqualTo(1);
    assertThat(lines.failures).extracting(DecodeFailure::reason).containsExactly("bad-json");

    DecodeResult array = decode("[" + one + "," + focus + "]");
    assertThat(array.events).hasSize(2);

    String pretty = focus.replace(",", ",\n  ").replace("{", "{\n  ");
    DecodeResult prettyResult = decode("\uFEFF" + pretty + "\n" + one);
    assertThat(prettyResult.failures).isEmpty();
    assertThat(prettyResult.events).hasSize(2);
  }

  @Test
  void usageKinds() {
    assertThat(BillingRowParser.usageKind("Request")).isEqualTo("REQUEST");
    assertThat(BillingRowParser.usageKind("USE1-Request-ARM")).isEqualTo("REQUEST");
    assertThat(BillingRowParser.usageKind("Lambda-GB-Second")).isEqualTo("GB_SECOND");
    assertThat(BillingRowParser.usageKind("EUW2-Lambda-Provisioned-GB-Second-ARM"))
        .isEqualTo("PROVISIONED_GB_SECOND");
    assertThat(BillingRowParser.usageKind("Lambda-Provisioned-Concurrency"))
        .isEqualTo("PROVISIONED_CONCURRENCY");
    assertThat(BillingRowParser.usageKind("USE1-Lambda-Streaming-Response-Processed-Bytes"))
        .isEqualTo("OTHER");
    assertThat(BillingRowParser.architecture("USE1-Lambda-GB-Second-ARM")).isEqualTo("arm64");
    assertThat(BillingRowParser.architecture("USE1-Lambda-GB-Second")).isEqualTo("x86_64");
  }

  @Test
  void nonLambdaRowsSkippedMalformedRowsFail() {
    String text = Samples.text("cur2-lambda.csv");
    String header = text.substring(0, text.indexOf('\n') + 1);
    String s3 =
        "s1,2025-11-20T12:00:00Z/2025-11-20T13:00:00Z,2025-11-20T12:00:00Z,2025-11-20T13:00:00Z,AmazonS3,USE1-Requests-Tier1,PutObject,bucket,10,0.000005,0.00005,Requests,{}\n";
    String badNumber =
        "b1,2025-11-20T12:00:00Z/2025-11-20T13:00:00Z,2025-11-20T12:00:00Z,2025-11-20T13:00:00Z,AWSLambda,Request,Invoke,arn:aws:lambda:us-east-1:1:function:f,lots,0.0000002,0.1,Requests,{}\n";
    String badDate =
        "b2,x,yesterday,2025-11-20T13:00:00Z,AWSLambda,Request,Invoke,arn:aws:lambda:us-east-1:1:function:f,1,0.0000002,0.1,Requests,{}\n";
    String shortRow = "b3,AWSLambda\n";
    DecodeResult r =
        decode(header + s3 + badNumber + badDate + shortRow + text.substring(header.length()));
    assertThat(r.events).hasSize(3);
    assertThat(r.skippedLines).isEqualTo(2); // header + S3
    assertThat(r.failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("bad-billing-row", "bad-billing-row", "bad-billing-row");
    assertThat(r.failures.get(0).detail()).contains("line_item_usage_amount");
    assertThat(r.failures.get(1).detail()).contains("line_item_usage_start_date");
  }

  @Test
  void unterminatedQuoteIsBadBillingRow() {
    DecodeResult r = decode(Samples.text("cur2-lambda.csv") + "x,\"open");
    assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("bad-billing-row");
  }

  @Test
  void aBrokenRowFailsAloneAndTheRowsAroundItSurvive() {
    String text = Samples.text("cur2-lambda.csv");
    String[] lines = text.split("\n");
    String cutQuote = lines[1].substring(0, lines[1].length() - 5); // inside the quoted tags
    String cutTags = lines[3].substring(0, lines[3].length() - 1); // "{" of "{}"
    DecodeResult r =
        decode(String.join("\n", lines[0], cutQuote + "\"x\"y", lines[2], cutTags, ""));
    assertThat(r.events).hasSize(1);
    assertThat(r.failures).extracting(DecodeFailure::line).containsExactly(1, 3);
    assertThat(r.failures.get(0).detail()).contains("after closing quote");
    assertThat(r.failures.get(1).detail()).contains("resource_tags");
  }

  @Test
  void headerCutBeforeItsRequiredColumnsFails() {
    String header = Samples.text("cur2-lambda.csv").split("\n")[0];
    DecodeResult r = decode(header.substring(0, header.indexOf(",line_item_usage_amount")));
    assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("bad-billing-row");
    assertThat(r.failures.get(0).detail()).contains("line_item_usage_amount");
  }
}
