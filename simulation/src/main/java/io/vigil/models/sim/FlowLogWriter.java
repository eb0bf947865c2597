package io.vigil.models.sim;

import io.vigil.models.finding.FindingType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes one minute of VPC Flow Logs (default v2 format) for a VPC-attached function's ENI: per
 * usual destination an egress line and a reply line, NODATA when idle, plus injected network
 * incidents. Delivered either as raw newline-joined lines or inside a gzip CloudWatch Logs envelope
 * (decided per ENI).
 *
 * <p>PORT_SCAN is simulated inbound: one external IP probes many distinct ports of the ENI and
 * every probe is REJECTed.
 */
final class FlowLogWriter {
  static final String LOG_GROUP = "vpc-flow-logs";
  static final String SUBSCRIPTION_FILTER = "vigil-flows";

  private final StringBuilder sb = new StringBuilder(256);
  private final List<String> lines = new ArrayList<>();
  private long eventCounter;

  /** Whether this ENI's flow logs arrive wrapped in CloudWatch Logs envelopes. */
  static boolean viaEnvelope(FunctionSpec f) {
    return (f.eniId.hashCode() & 1) == 0;
  }

  /**
   * @return the record payload (raw text or gzip envelope)
   */
  byte[] write(
      FunctionState st, long minuteIndex, long minuteStartMs, int invocations, SplittableRandom r) {
    FunctionSpec f = st.spec;
    lines.clear();
    long start = minuteStartMs / 1000;
    long end = start + 60;
    long egressTotal = 0;
    if (invocations > 0) {
      int nd = f.usualDestinations.size();
      for (int d = 0; d < nd; d++) {
        String dest = f.usualDestinations.get(d);
        int colon = dest.lastIndexOf(':');
        String ip = dest.substring(0, colon);
        int port = Integer.parseInt(dest.substring(colon + 1));
        long calls = Math.max(1, Math.round(invocations * (d == 0 ? 1.0 : 0.5) * r.nextDouble()));
        long pkts = calls * (3 + r.nextInt(5));
        long bytes = pkts * (90 + r.nextInt(300));
        int eph = 32768 + r.nextInt(28232);
        line(f, f.privateIp, ip, eph, port, pkts, bytes, start, end, "ACCEPT");
        long rp = calls * (3 + r.nextInt(6));
        line(f, ip, f.privateIp, port, eph, rp, rp * (200 + r.nextInt(1000)), start, end, "ACCEPT");
        egressTotal += bytes;
      }
    }
    Incident mining = st.active(FindingType.CRYPTO_MINING, minuteIndex);
    if (mining != null) {
      long bytes = (long) (mining.magnitude * 1_000_000 * (0.95 + 0.1 * r.nextDouble()));
      long pkts = bytes / 4200 + 1;
      int eph = 40000 + (int) (mining.startEpochMs % 9000);
      line(
          f,
          f.privateIp,
          mining.remoteIp,
          eph,
          mining.remotePort,
          pkts,
          bytes,
          start,
          end,
          "ACCEPT");
      line(
          f,
          mining.remoteIp,
          f.privateIp,
          mining.remotePort,
          eph,
          pkts,
          bytes / 3,
          start,
          end,
          "ACCEPT");
    }
    Incident exfil = st.active(FindingType.EGRESS_EXFILTRATION, minuteIndex);
    if (exfil != null) {
      long base = Math.max(egressTotal, 20_000);
      long bytes = (long) (exfil.magnitude * base * (0.9 + 0.2 * r.nextDouble()));
      long pkts = bytes / 1400 + 1;
      int eph = 32768 + r.nextInt(28232);
      line(
          f, f.privateIp, exfil.remoteIp, eph, exfil.remotePort, pkts, bytes, start, end, "ACCEPT");
      line(
          f,
          exfil.remoteIp,
          f.privateIp,
          exfil.remotePort,
          eph,
          pkts / 2 + 1,
          pkts * 52,
          start,
          end,
          "ACCEPT");
    }
    Incident scan = st.active(FindingType.PORT_SCAN, minuteIndex);
    if (scan != null) {
      int ports = (int) Math.max(1, Math.round(scan.magnitude));
      for (int i = 0; i < ports; i++) {
        int port = st.scanPort;
        st.scanPort = st.scanPort >= 65535 ? 1 : st.scanPort + 1;
        line(f, scan.remoteIp, f.privateIp, 61000, port, 1, 40, start, end, "REJECT");
      }
    }
    if (lines.isEmpty()) {
      sb.setLength(0);
      sb.append("2 ").append(f.accountId).append(' ').append(f.eniId);
      sb.append(" - - - - - - - ").append(start).append(' ').append(end).append(" - NODATA");
      lines.add(sb.toString());
    }
    return viaEnvelope(f) ? envelope(f, minuteStartMs) : raw();
  }

  private void line(
      FunctionSpec f,
      String src,
      String dst,
      int srcPort,
      int dstPort,
      long packets,
      long bytes,
      long start,
      long end,
      String action) {
    sb.setLength(0);
    sb.append("2 ").append(f.accountId).append(' ').append(f.eniId).append(' ');
    sb.append(src).append(' ').append(dst).append(' ').append(srcPort).append(' ');
    sb.append(dstPort).append(" 6 ").append(packets).append(' ').append(bytes).append(' ');
    sb.append(start).append(' ').append(end).append(' ').append(action).append(" OK");
    lines.add(sb.toString());
  }

  private byte[] raw() {
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] envelope(FunctionSpec f, long ts) {
    StringBuilder env = new StringBuilder(lines.size() * 120 + 256);
    env.append("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"").append(f.accountId);
    env.append("\",\"logGroup\":\"").append(LOG_GROUP);
    env.append("\",\"logStream\":\"").append(f.eniId).append("-all");
    // One filter per region, named with it, as for the Lambda log groups
    env.append("\",\"subscriptionFilters\":[\"").append(SUBSCRIPTION_FILTER).append('-');
    env.append(f.region);
    env.append("\"],\"logEvents\":[");
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) env.append(',');
      env.append("{\"id\":\"");
      SimText.appendPadded(env, ts, 13);
      SimText.appendPadded(env, ++eventCounter, 43);
      env.append("\",\"timestamp\":").append(ts).append(",\"message\":\"");
      SimText.appendJsonEscaped(env, lines.get(i));
      env.append("\"}");
    }
    env.append("]}");
    return SimText.gzip(env.toString().getBytes(StandardCharsets.UTF_8));
  }
}
