package io.vigil.models.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.event.Invocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Lambda prices as data (region x architecture: per GB-second and per request), loaded from JSON.
 * Regions missing from the table use its {@code default} entry.
 */
public final class PriceTable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Prices of one region and architecture. */
  public record Rate(double gbSecond, double request) implements Serializable {}

  // Per architecture, by region: a lookup per invocation without building a "region/arch" key
  // (that concatenation and its hash were ~1.5% of the source thread in JFR).
  private final Map<String, Rate> x86Rates;
  private final Map<String, Rate> armRates;
  private final Rate defaultX86;
  private final Rate defaultArm;

  private PriceTable(
      Map<String, Rate> x86Rates, Map<String, Rate> armRates, Rate defaultX86, Rate defaultArm) {
    this.x86Rates = x86Rates;
    this.armRates = armRates;
    this.defaultX86 = defaultX86;
    this.defaultArm = defaultArm;
  }

  /** The table shipped with Vigil (us-east-1 public prices). */
  public static PriceTable defaults() {
    try (InputStream in = PriceTable.class.getResourceAsStream("/prices/lambda-prices.json")) {
      return parse(Json.MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PriceTable load(Path file) {
    try {
      return parse(Json.MAPPER.readTree(Files.readAllBytes(file)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("price table " + file + ": " + e.getMessage(), e);
    }
  }

  private static PriceTable parse(JsonNode root) {
    Map<String, Rate> x86 = new HashMap<>();
    Map<String, Rate> arm = new HashMap<>();
    root.path("regions")
        .fields()
        .forEachRemaining(
            region ->
                region
                    .getValue()
                    .fields()
                    .forEachRemaining(
                        arch -> {
                          Rate rate = rate(arch.getValue()); // every entry must be valid
                          if ("x86_64".equals(arch.getKey())) x86.put(region.getKey(), rate);
                          if ("arm64".equals(arch.getKey())) arm.put(region.getKey(), rate);
                        }));
    JsonNode def = root.path("default");
    if (!def.has("x86_64") || !def.has("arm64")) {
      throw new IllegalArgumentException("price table needs default.x86_64 and default.arm64");
    }
    return new PriceTable(x86, arm, rate(def.get("x86_64")), rate(def.get("arm64")));
  }

  private static Rate rate(JsonNode n) {
    if (!n.path("gbSecond").isNumber() || !n.path("request").isNumber()) {
      throw new IllegalArgumentException("each rate needs numeric gbSecond and request: " + n);
    }
    return new Rate(n.get("gbSecond").asDouble(), n.get("request").asDouble());
  }

  public Rate rate(String region, String architecture) {
    boolean arm = "arm64".equals(architecture);
    Rate r = region == null ? null : (arm ? armRates : x86Rates).get(region);
    if (r != null) return r;
    return arm ? defaultArm : defaultX86;
  }

  /** GB-seconds billed for one invocation. */
  public static double gbSeconds(Invocation i) {
    return (i.billedDurationMs / 1000.0) * (i.memorySizeMb / 1024.0);
  }

  /** Cost of one invocation: billed duration x memory x duration rate + request rate. */
  public double cost(Invocation i) {
    Rate r = rate(i.region, i.architecture);
    return gbSeconds(i) * r.gbSecond() + r.request();
  }
}
