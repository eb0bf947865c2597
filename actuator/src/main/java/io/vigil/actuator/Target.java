package io.vigil.actuator;

import io.vigil.models.action.RemediationAction;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one identity an action acts on: an unqualified Lambda function ARN. The same ARN is used for
 * the tag read, the allow/deny globs (on its name) and every API call, so no two fields of a
 * message can point at different functions.
 */
public record Target(String arn, String partition, String region, String accountId, String name) {
  private static final Pattern ARN =
      Pattern.compile(
          "arn:(aws|aws-cn|aws-us-gov):lambda:([a-z]{2}(?:-[a-z]+)+-\\d):(\\d{12}):function:"
              + "([A-Za-z0-9_-]{1,64})");

  /** The ARN parsed, or empty when it is not an unqualified Lambda function ARN. */
  public static Optional<Target> parse(String arn) {
    if (arn == null || arn.length() > 200) return Optional.empty();
    Matcher m = ARN.matcher(arn);
    if (!m.matches()) return Optional.empty();
    return Optional.of(new Target(arn, m.group(1), m.group(2), m.group(3), m.group(4)));
  }

  /** The target of an action already accepted (ledger entries hold only accepted actions). */
  public static Target of(RemediationAction a) {
    return parse(a.target)
        .orElseThrow(() -> new IllegalStateException("ledger action without a target ARN"));
  }
}
