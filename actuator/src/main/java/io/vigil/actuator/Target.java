package io.vigil.actuator;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.LambdaArn;
import java.util.Optional;

/**
 * The one identity an action acts on: an unqualified Lambda function ARN. The same ARN is used for
 * the tag read, the allow/deny globs (on its name) and every API call, so no two fields of a
 * message can point at different functions.
 */
public record Target(String arn, String partition, String region, String accountId, String name) {
  /** The ARN parsed, or empty when it is not an unqualified Lambda function ARN. */
  public static Optional<Target> parse(String arn) {
    LambdaArn a = LambdaArn.parse(arn);
    if (a == null || a.qualifier() != null) return Optional.empty();
    return Optional.of(new Target(arn, a.partition(), a.region(), a.accountId(), a.functionName()));
  }

  /** The target of an action already accepted (ledger entries hold only accepted actions). */
  public static Target of(RemediationAction a) {
    return parse(a.target)
        .orElseThrow(() -> new IllegalStateException("ledger action without a target ARN"));
  }
}
