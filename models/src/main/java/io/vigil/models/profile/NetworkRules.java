package io.vigil.models.profile;

import io.vigil.models.event.FlowRecord;
import java.util.Set;

/** Facts about network traffic used by profiles and detectors. */
public final class NetworkRules {
  /**
   * Stratum ports used by common mining pools (GuardDuty's CryptoCurrency findings watch these).
   */
  public static final Set<Integer> MINING_PORTS =
      Set.of(
          3333, 3334, 3357, 4444, 5555, 5556, 6666, 7777, 8888, 9999, 14433, 14444, 45560, 45700);

  private NetworkRules() {}

  public static boolean isPrivate(String ip) {
    if (ip == null) return false;
    if (ip.startsWith("10.") || ip.startsWith("192.168.") || ip.startsWith("127.")) return true;
    if (ip.startsWith("172.")) {
      int dot = ip.indexOf('.', 4);
      if (dot > 4) {
        try {
          int second = Integer.parseInt(ip.substring(4, dot));
          return second >= 16 && second <= 31;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return ip.startsWith("fd") || ip.startsWith("fc");
  }

  /** Egress = leaving the function: from v5 flow-direction when present, else by address scope. */
  public static boolean isEgress(FlowRecord f) {
    if (f.flowDirection != null) return "egress".equals(f.flowDirection);
    return isPrivate(f.srcAddr) && !isPrivate(f.dstAddr);
  }

  public static boolean isMiningPort(int port) {
    return MINING_PORTS.contains(port);
  }
}
