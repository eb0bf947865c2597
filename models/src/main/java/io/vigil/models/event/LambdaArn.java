package io.vigil.models.event;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda function ARN, {@code
 * arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]}: what an ENI map names
 * when its functions live in several regions (a flow log line before v4 carries no region, so the
 * ENI's owner must say which region its flows belong to).
 */
public record LambdaArn(String region, String accountId, String functionName) {
  private static final Pattern ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:lambda:([a-z]{2}(?:-[a-z]+)+-\\d+):(\\d{12}):function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?");

  /**
   * @return the parts of {@code text} if it is a Lambda function ARN, else null
   */
  public static LambdaArn parse(String text) {
    if (text == null || !text.startsWith("arn:")) return null;
    Matcher m = ARN.matcher(text.strip());
    return m.matches() ? new LambdaArn(m.group(1), m.group(2), m.group(3)) : null;
  }
}
