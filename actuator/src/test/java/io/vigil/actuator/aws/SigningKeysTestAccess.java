package io.vigil.actuator.aws;

import io.vigil.actuator.ActuatorConfig;
import io.vigil.models.action.ActionSigner;
import java.util.Map;

/** Reaches the package-private resolver with a fake environment. */
public final class SigningKeysTestAccess {
  private SigningKeysTestAccess() {}

  public static ActionSigner resolve(Map<String, String> env, String endpoint, ActuatorConfig c) {
    return SigningKeys.resolve(env, "us-east-1", endpoint, c);
  }
}
