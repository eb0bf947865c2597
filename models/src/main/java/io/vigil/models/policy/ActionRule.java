package io.vigil.models.policy;

import io.vigil.models.action.ActionMode;
import io.vigil.models.action.ActionType;
import java.io.Serializable;

/**
 * Finding -> action mapping. {@code finding} is a {@code FindingType} name or {@code *}. {@code
 * reservedConcurrency} (THROTTLE) and {@code securityGroupId} (ISOLATE_NETWORK) are -1/null when
 * unused; {@code expiryMs} is how long an enforced action lasts before automatic rollback; {@code
 * maxPerHour} bounds how many such actions a policy may emit per hour (0 = unbounded).
 */
public record ActionRule(
    String finding,
    ActionType action,
    ActionMode mode,
    int reservedConcurrency,
    String securityGroupId,
    long expiryMs,
    int maxPerHour)
    implements Serializable {}
