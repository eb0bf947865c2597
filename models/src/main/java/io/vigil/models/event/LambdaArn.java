package io.vigil.models.event;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda function ARN, {@code
 * arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]}: the actuator's one
 * target identity (unqualified only, {@code Target}) and what an ENI map names when its functions
 * live in several regions (a flow log line before v4 carries no region).
 *
 * @param qualifier version or alias, null when unqualified
 */
public record LambdaArn(
    String partition, String region, String accountId, String functionName, String qualifier) {
  private static final Pattern ARN =
      Pattern.compile(
          "arn:(aws|aws-cn|aws-us-gov):lambda:([a-z]{2}(?:-[a-z]+)+-\\d):(\\d{12}):function:"
              + "([A-Za-z0-9_-]{1,64})(?::([A-Za-z0-9$_-]{1,128}))?");

  /**
   * @return the parts of {@code text} if it is a Lambda function ARN (at most 200 characters), else
   *     null
   */
  public static LambdaArn parse(String text) {
    if (text == null || text.length() > 200 || !text.startsWith("arn:")) return null;
    Matcher m = ARN.matcher(text);
    if (!m.matches()) return null;
    return new LambdaArn(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
  }
}
