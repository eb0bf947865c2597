package io.vigil.models.sim;

import java.util.Map;

/**
 * Lambda on-demand prices (first tier) per region and architecture, as data. Regions without an
 * entry use us-east-1 prices.
 */
public final class PriceTable {
  /** One price row: USD per GB-second and per request. */
  public record Price(String gbSecondRate, String requestRate) {
    public double gbSecond() {
      return Double.parseDouble(gbSecondRate);
    }

    public double request() {
      return Double.parseDouble(requestRate);
    }
  }

  private static final Map<String, Price> PRICES =
      Map.of(
          "us-east-1/x86_64", new Price("0.0000166667", "0.0000002"),
          "us-east-1/arm64", new Price("0.0000133334", "0.0000002"),
          "us-west-2/x86_64", new Price("0.0000166667", "0.0000002"),
          "us-west-2/arm64", new Price("0.0000133334", "0.0000002"),
          "eu-west-1/x86_64", new Price("0.0000166667", "0.0000002"),
          "eu-west-1/arm64", new Price("0.0000133334", "0.0000002"));

  private static final Map<String, String> USAGE_PREFIX =
      Map.of("us-east-1", "USE1", "us-east-2", "USE2", "us-west-2", "USW2", "eu-west-1", "EU");

  private PriceTable() {}

  public static Price price(String region, String architecture) {
    String arch = "arm64".equals(architecture) ? "arm64" : "x86_64";
    Price p = PRICES.get(region + "/" + arch);
    return p != null ? p : PRICES.get("us-east-1/" + arch);
  }

  /** CUR usage-type region prefix, e.g. {@code USE1}. */
  public static String usagePrefix(String region) {
    return USAGE_PREFIX.getOrDefault(region, "USE1");
  }
}
