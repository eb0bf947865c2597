package io.vigil.models.decode;

import java.util.ArrayList;
import java.util.List;

/** Decoder settings. Plain POJO: every field has a usable default. */
public class DecoderConfig implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** VPC Flow Logs default (version 2) field order. */
  public static final List<String> FLOW_V2_FIELDS =
      List.of(
          "version",
          "account-id",
          "interface-id",
          "srcaddr",
          "dstaddr",
          "srcport",
          "dstport",
          "protocol",
          "packets",
          "bytes",
          "start",
          "end",
          "action",
          "log-status");

  /** CUR 2.0 column order used for header-less CSV rows (as in the samples). */
  public static final List<String> CUR2_COLUMNS =
      List.of(
          "identity_line_item_id",
          "identity_time_interval",
          "line_item_usage_start_date",
          "line_item_usage_end_date",
          "line_item_product_code",
          "line_item_usage_type",
          "line_item_operation",
          "line_item_resource_id",
          "line_item_usage_amount",
          "line_item_unblended_rate",
          "line_item_unblended_cost",
          "pricing_unit",
          "resource_tags");

  /** FOCUS 1.x column order used for header-less CSV rows (as in the samples). */
  public static final List<String> FOCUS_COLUMNS =
      List.of(
          "BillingAccountId",
          "SubAccountId",
          "ChargePeriodStart",
          "ChargePeriodEnd",
          "ChargeCategory",
          "ServiceName",
          "ServiceCategory",
          "ResourceId",
          "ResourceName",
          "RegionId",
          "ConsumedQuantity",
          "ConsumedUnit",
          "PricingQuantity",
          "PricingUnit",
          "ListCost",
          "BilledCost",
          "EffectiveCost",
          "BillingCurrency",
          "Tags");

  public String defaultRegion = "us-east-1";

  /** Account used when neither the line nor its envelope says; may stay null. */
  public String defaultAccountId;

  /** Largest accepted Kinesis record (compressed bytes). Kinesis' own maximum is 1 MiB. */
  public int maxRecordBytes = 1024 * 1024;

  /** Largest accepted payload after gunzip: guards against gzip bombs. */
  public int maxDecompressedBytes = 8 * 1024 * 1024;

  /** Flow log field order until a header line says otherwise. */
  public List<String> flowLogFields = new ArrayList<>(FLOW_V2_FIELDS);

  /** Columns of header-less CUR 2.0 CSV rows. */
  public List<String> curColumns = new ArrayList<>(CUR2_COLUMNS);

  /** Columns of header-less FOCUS CSV rows. */
  public List<String> focusColumns = new ArrayList<>(FOCUS_COLUMNS);

  public DecoderConfig() {}
}
