package io.vigil.models.event;

import java.util.Objects;

/**
 * One VPC Flow Logs record. Fields absent from the configured format, or written as {@code -}, are
 * null (strings) or -1 (numbers). Fields beyond the typed ones are kept by name in {@link
 * #extraFields} as {@code name=value} pairs separated by spaces.
 */
public class FlowRecord {
  public int version;
  public String accountId;
  public String interfaceId;
  public String srcAddr;
  public String dstAddr;
  public int srcPort = -1;
  public int dstPort = -1;
  public int protocol = -1;
  public long packets = -1;
  public long bytes = -1;

  /** Window start and end, epoch seconds as AWS writes them. */
  public long start;

  public long end;

  /** ACCEPT, REJECT or null. */
  public String action;

  /** OK, NODATA or SKIPDATA. */
  public String logStatus;

  public String vpcId;
  public String subnetId;
  public String region;

  /** ingress or egress (v5 {@code flow-direction}); null when the format lacks it. */
  public String flowDirection;

  public String pktSrcAwsService;
  public String pktDstAwsService;

  /** Function this ENI belongs to, when attribution knows it; null otherwise. */
  public String functionName;

  /** Other fields by name: {@code name=value name=value}. */
  public String extraFields;

  public FlowRecord() {}

  /** Flow rows carrying no traffic (NODATA / SKIPDATA) are counted, not profiled. */
  public boolean hasTraffic() {
    return "OK".equals(logStatus) && bytes >= 0;
  }

  public boolean rejected() {
    return "REJECT".equals(action);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FlowRecord f)) return false;
    return version == f.version
        && srcPort == f.srcPort
        && dstPort == f.dstPort
        && protocol == f.protocol
        && packets == f.packets
        && bytes == f.bytes
        && start == f.start
        && end == f.end
        && Objects.equals(accountId, f.accountId)
        && Objects.equals(interfaceId, f.interfaceId)
        && Objects.equals(srcAddr, f.srcAddr)
        && Objects.equals(dstAddr, f.dstAddr)
        && Objects.equals(action, f.action)
        && Objects.equals(logStatus, f.logStatus)
        && Objects.equals(vpcId, f.vpcId)
        && Objects.equals(subnetId, f.subnetId)
        && Objects.equals(region, f.region)
        && Objects.equals(flowDirection, f.flowDirection)
        && Objects.equals(pktSrcAwsService, f.pktSrcAwsService)
        && Objects.equals(pktDstAwsService, f.pktDstAwsService)
        && Objects.equals(functionName, f.functionName)
        && Objects.equals(extraFields, f.extraFields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(interfaceId, srcAddr, dstAddr, srcPort, dstPort, start);
  }

  @Override
  public String toString() {
    return "FlowRecord{"
        + interfaceId
        + " "
        + srcAddr
        + ":"
        + srcPort
        + " -> "
        + dstAddr
        + ":"
        + dstPort
        + " "
        + bytes
        + "B "
        + action
        + "}";
  }
}
