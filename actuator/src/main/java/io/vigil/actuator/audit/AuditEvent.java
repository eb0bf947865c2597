package io.vigil.actuator.audit;

/**
 * One actuator decision. {@code decision} is a {@link io.vigil.actuator.Decision} name; {@code
 * actionId}, {@code type}, {@code functionName}, {@code target} are null for messages rejected
 * before they could be trusted. {@code principal} is who asked (approvals, rollbacks); {@code
 * source} is {@code stream/shard/sequenceNumber} of the record, when the decision came from one.
 * Every text field is length-capped by the actuator. Field names are stable: the Elasticsearch
 * actions index maps them one to one.
 */
public record AuditEvent(
    long at,
    String decision,
    String actionId,
    String type,
    String mode,
    String functionName,
    String target,
    String principal,
    String source,
    String detail) {}
