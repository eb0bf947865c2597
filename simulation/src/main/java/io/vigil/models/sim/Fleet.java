package io.vigil.models.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** A deterministic fleet of simulated functions, built from a seed. */
public class Fleet {
  public static final int DEFAULT_SIZE = 50;
  static final int[] MEMORY_SIZES = {128, 256, 512, 1024, 1536, 2048, 3008};
  private static final String[] BASES = {
    "checkout",
    "orders",
    "payments",
    "thumbnailer",
    "image-resize",
    "auth",
    "search",
    "inventory",
    "notifications",
    "email-sender",
    "pdf-render",
    "report-builder",
    "cart",
    "catalog",
    "recommendations",
    "fraud-check",
    "shipping",
    "invoice",
    "webhook",
    "etl",
    "audit-log",
    "session",
    "geo-lookup",
    "pricing",
    "ledger",
    "user-profile",
    "sms-gateway",
    "video-transcode",
    "feed",
    "analytics"
  };
  private static final String[] SUFFIXES = {
    "-api", "-worker", "-consumer", "-handler", "-cron", ""
  };
  private static final String[] TEAMS = {"payments", "platform", "growth", "media", "data", "core"};
  private static final String[] RUNTIMES = {
    "python3.12", "nodejs20.x", "java21", "provided.al2023", "python3.11", "nodejs22.x"
  };
  private static final int[] TIMEOUTS = {3, 6, 10, 15, 30, 60, 300, 900};
  private static final String[] AWS_DESTINATIONS = {
    "52.94.133.131:443", "52.216.8.21:443", "3.5.0.12:443", "52.119.226.40:443", "54.239.28.85:443"
  };

  private final long seed;
  private final List<FunctionSpec> functions;
  private final List<String> accounts;

  public Fleet(long seed, int size) {
    this(seed, size, 0.2);
  }

  /**
   * @param jsonLogShare share of functions (0..1) writing JSON-format logs
   */
  public Fleet(long seed, int size, double jsonLogShare) {
    this(seed, build(seed, size, jsonLogShare));
  }

  /** A randomised fleet drawn by {@code profile}; the classic fleet when it is null. */
  public Fleet(long seed, int size, double jsonLogShare, FleetProfile profile) {
    this(seed, randomise(build(seed, size, jsonLogShare), seed, profile));
  }

  /**
   * Redraws traffic, daily shape, memory, log format and VPC attachment from the profile with its
   * own random stream (the classic draws stay as they were).
   */
  private static List<FunctionSpec> randomise(List<FunctionSpec> specs, long seed, FleetProfile p) {
    if (p == null) return specs;
    SplittableRandom r = new SplittableRandom(seed ^ 0x7A11F1EE7L);
    for (FunctionSpec f : specs) {
      f.peakInvocationsPerMinute = p.drawPeakPerMinute(r);
      f.peakTroughRatio = p.minPeakTrough + (p.maxPeakTrough - p.minPeakTrough) * r.nextDouble();
      f.peakHour = 9 + 12 * r.nextDouble();
      f.jsonLogFormat = r.nextDouble() < p.jsonLogShare;
      f.memorySizeMb = MEMORY_SIZES[r.nextInt(MEMORY_SIZES.length)];
      int maxUsed = Math.max(40, (int) (f.memorySizeMb * 0.9));
      f.typicalMemoryUsedMb =
          Math.min(maxUsed, 40 + (int) (f.memorySizeMb * (0.45 + 0.35 * r.nextDouble())));
      boolean vpc = r.nextDouble() < p.vpcShare;
      if (vpc && !f.vpcAttached) {
        StringBuilder sb = new StringBuilder("eni-0");
        SimText.appendHex(sb, r.nextLong(), 16);
        f.eniId = sb.toString();
        f.privateIp = "10.30." + (1 + r.nextInt(200)) + "." + (10 + r.nextInt(240));
        f.usualDestinations =
            new ArrayList<>(List.of(AWS_DESTINATIONS[r.nextInt(AWS_DESTINATIONS.length)]));
        if (r.nextBoolean()) f.usualDestinations.add("10.30.9." + (10 + r.nextInt(20)) + ":5432");
      } else if (!vpc) {
        f.eniId = null;
        f.privateIp = null;
        f.usualDestinations = new ArrayList<>();
      }
      f.vpcAttached = vpc;
    }
    return specs;
  }

  /** A fleet made of explicit specs (tests, or a fleet adjusted by a scenario). */
  public Fleet(long seed, List<FunctionSpec> functions) {
    if (functions.isEmpty()) throw new IllegalArgumentException("fleet needs at least 1 function");
    this.seed = seed;
    this.functions = List.copyOf(functions);
    Set<String> acc = new java.util.LinkedHashSet<>();
    for (FunctionSpec f : functions) acc.add(f.accountId);
    this.accounts = List.copyOf(acc);
  }

  public long seed() {
    return seed;
  }

  public List<FunctionSpec> functions() {
    return functions;
  }

  public int size() {
    return functions.size();
  }

  /** Account ids in first-seen order. */
  public List<String> accounts() {
    return accounts;
  }

  public FunctionSpec byName(String name) {
    for (FunctionSpec f : functions) if (f.name.equals(name)) return f;
    return null;
  }

  /**
   * ENI id -> function ARN for every VPC-attached function (flow attribution): the ARN, not the
   * name, because v2 flow lines carry no region and the fleet spans several.
   */
  public Map<String, String> eniToFunction() {
    Map<String, String> m = new LinkedHashMap<>();
    for (FunctionSpec f : functions) if (f.vpcAttached) m.put(f.eniId, f.arn());
    return Collections.unmodifiableMap(m);
  }

  private static List<FunctionSpec> build(long seed, int size, double jsonLogShare) {
    if (size < 1) throw new IllegalArgumentException("functions must be >= 1, got " + size);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int accountCount = size < 10 ? 2 : 3;
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < accountCount; i++) {
      accounts.add(Long.toString(100_000_000_000L + r.nextLong(899_999_999_999L)));
    }
    Set<String> names = new HashSet<>();
    Set<String> enis = new HashSet<>();
    List<FunctionSpec> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      FunctionSpec f = new FunctionSpec();
      String base = BASES[r.nextInt(BASES.length)] + SUFFIXES[r.nextInt(SUFFIXES.length)];
      String name = base;
      for (int n = 2; !names.add(name); n++) name = base + "-" + n;
      f.name = name;
      f.accountId = accounts.get(i % accountCount);
      double reg = r.nextDouble();
      f.region = reg < 0.8 ? "us-east-1" : reg < 0.9 ? "us-west-2" : "eu-west-1";
      f.memorySizeMb = MEMORY_SIZES[r.nextInt(MEMORY_SIZES.length)];
      f.architecture = r.nextDouble() < 0.3 ? "arm64" : "x86_64";
      f.runtime = RUNTIMES[r.nextInt(RUNTIMES.length)];
      f.version = r.nextBoolean() ? "$LATEST" : Integer.toString(1 + r.nextInt(40));
      f.jsonLogFormat = r.nextDouble() < jsonLogShare;
      f.team = TEAMS[r.nextInt(TEAMS.length)];
      // log-uniform 4 .. 250 invocations per minute at peak
      f.peakInvocationsPerMinute = Math.round(4 * Math.pow(250 / 4.0, r.nextDouble()) * 10) / 10.0;
      f.medianDurationMs = Math.round(15 * Math.pow(100, r.nextDouble()) * 10) / 10.0;
      f.durationSpread = 0.15 + 0.35 * r.nextDouble();
      int maxUsed = Math.max(40, (int) (f.memorySizeMb * 0.9));
      f.typicalMemoryUsedMb =
          Math.min(maxUsed, 40 + (int) (f.memorySizeMb * (0.45 + 0.35 * r.nextDouble())));
      // Most functions are sized sensibly (45-80% used); right-sizing incidents are injected.
      int minTimeout = (int) Math.ceil(f.medianDurationMs * 8 / 1000.0);
      int t = TIMEOUTS[r.nextInt(TIMEOUTS.length)];
      while (t < minTimeout) t *= 2;
      f.timeoutSeconds = t;
      f.coldStartProbability = 0.005 + 0.04 * r.nextDouble();
      f.vpcAttached = r.nextDouble() < 0.4;
      if (f.vpcAttached) {
        String eni;
        do {
          StringBuilder sb = new StringBuilder("eni-0");
          SimText.appendHex(sb, r.nextLong(), 16);
          eni = sb.toString();
        } while (!enis.add(eni));
        f.eniId = eni;
        int acct = i % accountCount;
        f.privateIp = "10." + (20 + acct) + "." + (1 + r.nextInt(8)) + "." + (10 + r.nextInt(240));
        int nDest = 2 + r.nextInt(3);
        Set<String> dests = new java.util.LinkedHashSet<>();
        while (dests.size() < nDest) {
          if (r.nextDouble() < 0.6) dests.add(AWS_DESTINATIONS[r.nextInt(AWS_DESTINATIONS.length)]);
          else {
            int port = r.nextBoolean() ? 5432 : 6379;
            dests.add("10." + (20 + acct) + ".9." + (10 + r.nextInt(20)) + ":" + port);
          }
        }
        f.usualDestinations = new ArrayList<>(dests);
      }
      out.add(f);
    }
    return out;
  }
}
