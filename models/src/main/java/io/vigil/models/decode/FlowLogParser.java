package io.vigil.models.decode;

import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.TelemetryEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Parses VPC Flow Logs lines (space-separated, field order from the config or from a header line).
 * A header line replaces the field list for the rest of the batch and is counted as skipped, as are
 * NODATA / SKIPDATA rows. A line with the wrong field count, an unparsable number, an address that
 * is not an IP, an {@code action} other than ACCEPT/REJECT or a {@code log-status} other than
 * OK/NODATA/SKIPDATA is a {@code bad-flow-line} failure, as is a header naming a field AWS does not
 * document (a cut header); the other lines still decode.
 */
public final class FlowLogParser {
  /** Every field name AWS documents for flow log formats; a line starting with one is a header. */
  public static final Set<String> KNOWN_FIELDS = knownFields();

  private static Set<String> knownFields() {
    List<String> later =
        List.of(
            "vpc-id",
            "subnet-id",
            "instance-id",
            "tcp-flags",
            "type",
            "pkt-srcaddr",
            "pkt-dstaddr",
            "region",
            "az-id",
            "sublocation-type",
            "sublocation-id",
            "pkt-src-aws-service",
            "pkt-dst-aws-service",
            "flow-direction",
            "traffic-path",
            "ecs-cluster-arn",
            "ecs-cluster-name",
            "ecs-container-instance-arn",
            "ecs-container-instance-id",
            "ecs-container-id",
            "ecs-second-container-id",
            "ecs-service-name",
            "ecs-task-definition-arn",
            "ecs-task-arn",
            "ecs-task-id",
            "reject-reason",
            "resource-id",
            "encryption-status");
    List<String> all = new ArrayList<>(DecoderConfig.FLOW_V2_FIELDS);
    all.addAll(later);
    return Set.copyOf(all);
  }

  private static final int F_EXTRA = 0;
  private static final int F_VERSION = 1;
  private static final int F_ACCOUNT = 2;
  private static final int F_INTERFACE = 3;
  private static final int F_SRCADDR = 4;
  private static final int F_DSTADDR = 5;
  private static final int F_SRCPORT = 6;
  private static final int F_DSTPORT = 7;
  private static final int F_PROTOCOL = 8;
  private static final int F_PACKETS = 9;
  private static final int F_BYTES = 10;
  private static final int F_START = 11;
  private static final int F_END = 12;
  private static final int F_ACTION = 13;
  private static final int F_LOG_STATUS = 14;
  private static final int F_VPC = 15;
  private static final int F_SUBNET = 16;
  private static final int F_REGION = 17;
  private static final int F_DIRECTION = 18;
  private static final int F_PKT_SRC_SVC = 19;
  private static final int F_PKT_DST_SVC = 20;

  private final DecoderConfig config;
  private final Layout defaultLayout;

  public FlowLogParser(DecoderConfig config) {
    this.config = config;
    this.defaultLayout = new Layout(config.flowLogFields.toArray(new String[0]));
  }

  /** A field list with each field's typed slot precomputed. */
  private static final class Layout {
    final String[] names;
    final int[] codes;

    Layout(String[] names) {
      this.names = names;
      this.codes = new int[names.length];
      for (int i = 0; i < names.length; i++) codes[i] = code(names[i]);
    }
  }

  private static int code(String name) {
    return switch (name) {
      case "version" -> F_VERSION;
      case "account-id" -> F_ACCOUNT;
      case "interface-id" -> F_INTERFACE;
      case "srcaddr" -> F_SRCADDR;
      case "dstaddr" -> F_DSTADDR;
      case "srcport" -> F_SRCPORT;
      case "dstport" -> F_DSTPORT;
      case "protocol" -> F_PROTOCOL;
      case "packets" -> F_PACKETS;
      case "bytes" -> F_BYTES;
      case "start" -> F_START;
      case "end" -> F_END;
      case "action" -> F_ACTION;
      case "log-status" -> F_LOG_STATUS;
      case "vpc-id" -> F_VPC;
      case "subnet-id" -> F_SUBNET;
      case "region" -> F_REGION;
      case "flow-direction" -> F_DIRECTION;
      case "pkt-src-aws-service" -> F_PKT_SRC_SVC;
      case "pkt-dst-aws-service" -> F_PKT_DST_SVC;
      default -> F_EXTRA;
    };
  }

  /** Parses newline-separated lines (one raw Kinesis record). Blank lines are ignored. */
  public void parseText(String text, String ownerAccountId, DecodeResult out) {
    List<String> lines = new ArrayList<>();
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    int n = text.length();
    while (i < n) {
      int j = text.indexOf('\n', i);
      if (j < 0) j = n;
      lines.add(text.substring(i, j));
      i = j + 1;
    }
    parseLines(lines, ownerAccountId, out);
  }

  /**
   * Parses lines of one record; a header line applies to the following lines of this call only.
   *
   * @param ownerAccountId account for lines whose format lacks {@code account-id} (the envelope
   *     owner), or null for the config default
   */
  public void parseLines(List<String> lines, String ownerAccountId, DecodeResult out) {
    parseLines(lines, ownerAccountId, null, out);
  }

  /**
   * {@link #parseLines(List, String, DecodeResult)} with the region for lines whose format lacks
   * {@code region} (the envelope's subscription filter names it), or null for the config default.
   */
  public void parseLines(
      List<String> lines, String ownerAccountId, String envelopeRegion, DecodeResult out) {
    Layout layout = defaultLayout;
    String region = envelopeRegion != null ? envelopeRegion : config.defaultRegion;
    String owner = ownerAccountId != null ? ownerAccountId : config.defaultAccountId;
    String[] tokens = new String[MAX_FIELDS];
    for (int index = 0; index < lines.size(); index++) {
      String line = lines.get(index);
      out.atLine(index);
      if (line == null) continue;
      int count = split(line, tokens);
      if (count == 0) continue;
      if (count < 0) {
        out.fail(DecodeFailure.BAD_FLOW_LINE, "too many fields", line);
        continue;
      }
      if (KNOWN_FIELDS.contains(tokens[0])) {
        layout = new Layout(Arrays.copyOf(tokens, count));
        String unknown = firstUnknownField(tokens, count);
        if (unknown == null) {
          out.skip();
        } else {
          out.fail(DecodeFailure.BAD_FLOW_LINE, "header names unknown field " + unknown, line);
        }
        continue;
      }
      if (count != layout.names.length) {
        out.fail(
            DecodeFailure.BAD_FLOW_LINE,
            "expected " + layout.names.length + " fields, found " + count,
            line);
        continue;
      }
      FlowRecord r = toRecord(layout, tokens, line, out);
      if (r == null) continue;
      if ("NODATA".equals(r.logStatus) || "SKIPDATA".equals(r.logStatus)) {
        out.skip();
        continue;
      }
      if (r.accountId == null) r.accountId = owner;
      if (r.region == null) r.region = region;
      out.add(TelemetryEvent.of(r));
    }
  }

  private static String firstUnknownField(String[] tokens, int count) {
    for (int k = 0; k < count; k++) if (!KNOWN_FIELDS.contains(tokens[k])) return tokens[k];
    return null;
  }

  /** Splits on runs of spaces/tabs into {@code tokens}; -1 when there are more than fit. */
  private static int split(String line, String[] tokens) {
    int n = line.length();
    if (n > 0 && line.charAt(n - 1) == '\r') n--;
    int count = 0;
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      int j = i;
      while (j < n && line.charAt(j) != ' ' && line.charAt(j) != '\t') j++;
      if (count == tokens.length) return -1;
      tokens[count++] = line.substring(i, j);
      i = j;
    }
    return count;
  }

  private static FlowRecord toRecord(Layout layout, String[] t, String line, DecodeResult out) {
    FlowRecord r = new FlowRecord();
    StringBuilder extra = null;
    for (int k = 0; k < layout.codes.length; k++) {
      String v = t[k];
      boolean dash = v.equals("-");
      switch (layout.codes[k]) {
        case F_VERSION -> r.version = dash ? -1 : numInt(v);
        case F_ACCOUNT -> r.accountId = dash ? null : v;
        case F_INTERFACE -> r.interfaceId = dash ? null : v;
        case F_SRCADDR -> r.srcAddr = dash ? null : v;
        case F_DSTADDR -> r.dstAddr = dash ? null : v;
        case F_SRCPORT -> r.srcPort = dash ? -1 : numInt(v);
        case F_DSTPORT -> r.dstPort = dash ? -1 : numInt(v);
        case F_PROTOCOL -> r.protocol = dash ? -1 : numInt(v);
        case F_PACKETS -> r.packets = dash ? -1 : num(v);
        case F_BYTES -> r.bytes = dash ? -1 : num(v);
        case F_START -> r.start = dash ? -1 : num(v);
        case F_END -> r.end = dash ? -1 : num(v);
        case F_ACTION -> r.action = dash ? null : v;
        case F_LOG_STATUS -> r.logStatus = dash ? null : v;
        case F_VPC -> r.vpcId = dash ? null : v;
        case F_SUBNET -> r.subnetId = dash ? null : v;
        case F_REGION -> r.region = dash ? null : v;
        case F_DIRECTION -> r.flowDirection = dash ? null : v;
        case F_PKT_SRC_SVC -> r.pktSrcAwsService = dash ? null : v;
        case F_PKT_DST_SVC -> r.pktDstAwsService = dash ? null : v;
        default -> {
          if (!dash) {
            if (extra == null) extra = new StringBuilder();
            else extra.append(' ');
            extra.append(layout.names[k]).append('=').append(v);
          }
        }
      }
      if (BAD == r.version
          || BAD == r.srcPort
          || BAD == r.dstPort
          || BAD == r.protocol
          || BAD == r.packets
          || BAD == r.bytes
          || BAD == r.start
          || BAD == r.end) {
        out.fail(
            DecodeFailure.BAD_FLOW_LINE, "unparsable number in field " + layout.names[k], line);
        return null;
      }
    }
    if (extra != null) r.extraFields = extra.toString();
    String bad = invalidField(r);
    if (bad != null) {
      out.fail(DecodeFailure.BAD_FLOW_LINE, "invalid " + bad, line);
      return null;
    }
    return r;
  }

  /** Name of a field whose value AWS never writes (a cut or mangled line), or null. */
  private static String invalidField(FlowRecord r) {
    if (r.action != null && !r.action.equals("ACCEPT") && !r.action.equals("REJECT")) {
      return "action";
    }
    if (r.logStatus != null
        && !r.logStatus.equals("OK")
        && !r.logStatus.equals("NODATA")
        && !r.logStatus.equals("SKIPDATA")) {
      return "log-status";
    }
    if (!isIp(r.srcAddr)) return "srcaddr";
    if (!isIp(r.dstAddr)) return "dstaddr";
    return null;
  }

  /** Null (absent) or IPv4/IPv6 text: hex digits, dots and colons, with a dot or a colon. */
  private static boolean isIp(String s) {
    if (s == null) return true;
    boolean separator = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.' || c == ':') {
        separator = true;
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return separator;
  }

  /** Most fields a line may have. */
  private static final int MAX_FIELDS = 256;

  /** Marker for an unparsable number (never a valid flow value). */
  private static final int BAD = Integer.MIN_VALUE;

  private static int numInt(String s) {
    long v = num(s);
    return v > Integer.MAX_VALUE ? BAD : (int) v;
  }

  /** Non-negative decimal up to 18 digits, else {@link #BAD}. */
  private static long num(String s) {
    int n = s.length();
    if (n == 0 || n > 18) return BAD;
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return BAD;
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
