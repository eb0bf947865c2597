package io.vigil.actuator;

import io.vigil.models.action.RemediationAction;
import io.vigil.remediation.ActionSigner;
import java.nio.charset.StandardCharsets;

/** Signed test messages. */
final class TestActions {
  static final String KEY = "test-key-test-key-test-key-test-key-0001";
  static final ActionSigner SIGNER = new ActionSigner(KEY.getBytes(StandardCharsets.UTF_8));
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";
  static final String AUDIENCE = "vigil-remediation";

  private TestActions() {}

  static RemediationAction action(String id, String type, String mode, String fn, long now) {
    RemediationAction a = new RemediationAction();
    a.id = id;
    a.type = type;
    a.mode = mode;
    a.functionName = fn;
    a.accountId = ACCOUNT;
    a.region = REGION;
    a.target = arn(fn);
    a.audience = AUDIENCE;
    a.reason = "test";
    a.createdAt = now;
    a.expiresAt = now + 3_600_000L;
    if (type.equals("THROTTLE")) a.reservedConcurrency = 5;
    return a;
  }

  static String arn(String fn) {
    return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + fn;
  }

  static String signed(RemediationAction a) {
    return SIGNER.sign(a);
  }
}
