package io.vigil.actuator.audit;

/**
 * One actuator decision. {@code decision} is a {@link io.vigil.actuator.Decision} name; {@code
 * actionId}, {@code type}, {@code functionName} are null for messages rejected before parsing.
 * Field names are stable: the Elasticsearch actions index maps them one to one.
 */
public record AuditEvent(
    long at,
    String decision,
    String actionId,
    String type,
    String mode,
    String functionName,
    String detail) {}
