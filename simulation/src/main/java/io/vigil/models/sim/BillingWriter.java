package io.vigil.models.sim;

import io.vigil.models.profile.PriceTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Writes one function's billing rows for one hour: CUR 2.0 (Data Exports) CSV, or FOCUS 1.x CSV for
 * the account billed through FOCUS. Each payload is a header line plus one GB-second row and one
 * request row.
 */
final class BillingWriter {
  static final String CUR_HEADER =
      "identity_line_item_id,identity_time_interval,line_item_usage_start_date,"
          + "line_item_usage_end_date,line_item_product_code,line_item_usage_type,"
          + "line_item_operation,line_item_resource_id,line_item_usage_amount,"
          + "line_item_unblended_rate,line_item_unblended_cost,pricing_unit,resource_tags";
  static final String FOCUS_HEADER =
      "BillingAccountId,SubAccountId,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,"
          + "ServiceName,ServiceCategory,ResourceId,ResourceName,RegionId,ConsumedQuantity,"
          + "ConsumedUnit,PricingQuantity,PricingUnit,ListCost,BilledCost,EffectiveCost,"
          + "BillingCurrency,Tags";
  static final String PAYER_ACCOUNT = "100000000001";

  /** Vigil's one price table: the rows bill what the job's cost model expects. */
  static final PriceTable PRICES = PriceTable.defaults();

  private static final Map<String, String> USAGE_PREFIX =
      Map.of("us-east-1", "USE1", "us-east-2", "USE2", "us-west-2", "USW2", "eu-west-1", "EU");

  private BillingWriter() {}

  static byte[] cur(FunctionSpec f, long hourStartMs, long requests, double gbSeconds) {
    String start = Instant.ofEpochMilli(hourStartMs).toString();
    String end = Instant.ofEpochMilli(hourStartMs + 3_600_000).toString();
    PriceTable.Rate p = PRICES.rate(f.region, f.architecture);
    String suffix = f.arm64() ? "-ARM" : "";
    String prefix = usagePrefix(f.region) + "-";
    String tags = "\"{\"\"user_team\"\":\"\"" + f.team + "\"\"}\"";
    StringBuilder sb = new StringBuilder(CUR_HEADER).append('\n');
    String gb = amount(gbSeconds);
    curRow(sb, f, hourStartMs, 0, start, end, prefix + "Lambda-GB-Second" + suffix, gb);
    sb.append(rate(p.gbSecond())).append(',').append(cost(gbSeconds, p.gbSecond()));
    sb.append(",Lambda-GB-Second,").append(tags).append('\n');
    curRow(sb, f, hourStartMs, 1, start, end, prefix + "Request" + suffix, Long.toString(requests));
    sb.append(rate(p.request())).append(',').append(cost(requests, p.request()));
    sb.append(",Requests,").append(tags).append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void curRow(
      StringBuilder sb,
      FunctionSpec f,
      long hourStartMs,
      int kind,
      String start,
      String end,
      String usageType,
      String amount) {
    long h = FleetSimulator.mix(f.arn().hashCode(), hourStartMs * 2 + kind);
    String id = Long.toString(h & Long.MAX_VALUE, 36);
    sb.append(id, 0, Math.min(6, id.length())).append(',');
    sb.append(start).append('/').append(end).append(',').append(start).append(',').append(end);
    sb.append(",AWSLambda,").append(usageType).append(",Invoke,").append(f.arn()).append(',');
    sb.append(amount).append(',');
  }

  static byte[] focus(FunctionSpec f, long hourStartMs, long requests, double gbSeconds) {
    String start = Instant.ofEpochMilli(hourStartMs).toString();
    String end = Instant.ofEpochMilli(hourStartMs + 3_600_000).toString();
    PriceTable.Rate p = PRICES.rate(f.region, f.architecture);
    String tags = "\"{\"\"team\"\":\"\"" + f.team + "\"\"}\"";
    StringBuilder sb = new StringBuilder(FOCUS_HEADER).append('\n');
    String gb = amount(gbSeconds);
    String gbCost = cost(gbSeconds, p.gbSecond());
    focusRow(sb, f, start, end, gb, "GB-Seconds", "Lambda-GB-Second", gbCost, tags);
    String req = Long.toString(requests);
    focusRow(sb, f, start, end, req, "Requests", "Requests", cost(requests, p.request()), tags);
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void focusRow(
      StringBuilder sb,
      FunctionSpec f,
      String start,
      String end,
      String qty,
      String unit,
      String pricingUnit,
      String cost,
      String tags) {
    sb.append(PAYER_ACCOUNT).append(',').append(f.accountId).append(',').append(start);
    sb.append(',').append(end).append(",Usage,AWS Lambda,Compute,").append(f.arn()).append(',');
    sb.append(f.name).append(',').append(f.region).append(',').append(qty).append(',');
    sb.append(unit).append(',').append(qty).append(',').append(pricingUnit).append(',');
    sb.append(cost).append(',').append(cost).append(',').append(cost).append(",USD,");
    sb.append(tags).append('\n');
  }

  static String amount(double v) {
    return plain(BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_UP));
  }

  static String cost(double amount, double rate) {
    return plain(
        BigDecimal.valueOf(amount)
            .multiply(BigDecimal.valueOf(rate))
            .setScale(8, RoundingMode.HALF_UP));
  }

  /** A unit price as AWS prints it (plain decimal, no exponent), e.g. {@code 0.0000166667}. */
  static String rate(double usd) {
    return plain(BigDecimal.valueOf(usd));
  }

  /** CUR usage-type region prefix, e.g. {@code USE1}. */
  static String usagePrefix(String region) {
    return USAGE_PREFIX.getOrDefault(region, "USE1");
  }

  private static String plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    if (s.scale() < 0) s = s.setScale(0);
    String out = s.toPlainString();
    return out.equals("0.0") ? "0" : out;
  }
}
