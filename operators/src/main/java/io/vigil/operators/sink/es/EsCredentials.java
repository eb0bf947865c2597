package io.vigil.operators.sink.es;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * How the output authenticates: an API key, basic credentials or nothing. Resolved, in order, from
 * explicit settings, the environment ({@code VIGIL_ES_API_KEY}, {@code VIGIL_ES_USERNAME} + {@code
 * VIGIL_ES_PASSWORD}) and an AWS Secrets Manager secret. Never printed: {@link #toString()} masks.
 */
public final class EsCredentials {
  public static final String ENV_API_KEY = "VIGIL_ES_API_KEY";
  public static final String ENV_USERNAME = "VIGIL_ES_USERNAME";
  public static final String ENV_PASSWORD = "VIGIL_ES_PASSWORD";

  public static final EsCredentials NONE = new EsCredentials(null, null, null);

  private final String apiKey;
  private final String username;
  private final String password;

  EsCredentials(String apiKey, String username, String password) {
    this.apiKey = blankToNull(apiKey);
    this.username = blankToNull(username);
    this.password = password;
  }

  public static EsCredentials apiKey(String key) {
    return new EsCredentials(key, null, null);
  }

  public static EsCredentials basic(String username, String password) {
    return new EsCredentials(null, username, password);
  }

  /** Explicit config first, then the environment, then the secret; {@link #NONE} if none. */
  public static EsCredentials resolve(EsConfig config, Map<String, String> env) {
    if (config.apiKey() != null || config.username() != null) {
      return new EsCredentials(config.apiKey(), config.username(), config.password());
    }
    if (blankToNull(env.get(ENV_API_KEY)) != null) return apiKey(env.get(ENV_API_KEY));
    if (blankToNull(env.get(ENV_USERNAME)) != null) {
      return basic(env.get(ENV_USERNAME), env.getOrDefault(ENV_PASSWORD, ""));
    }
    if (config.secretArn() != null && !config.secretArn().isBlank()) {
      return fromSecretJson(SecretsManagerFetcher.fetch(config.secretArn()));
    }
    return NONE;
  }

  /** Parses {@code {"apiKey": ...}} or {@code {"username": ..., "password": ...}}. */
  public static EsCredentials fromSecretJson(String json) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(json);
    } catch (Exception e) {
      // Do not echo the secret in the message.
      throw new IllegalArgumentException("Elasticsearch secret is not a JSON object");
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("Elasticsearch secret is not a JSON object");
    }
    String key = text(n, "apiKey", "api_key");
    if (key != null) return apiKey(key);
    String user = text(n, "username", "user");
    if (user != null) return basic(user, text(n, "password"));
    throw new IllegalArgumentException(
        "Elasticsearch secret has neither 'apiKey' nor 'username'/'password'");
  }

  private static String text(JsonNode n, String... names) {
    for (String name : names) {
      if (n.hasNonNull(name)) return n.get(name).asText();
    }
    return null;
  }

  /** The {@code Authorization} header value, or null without credentials. */
  public String authorizationHeader() {
    if (apiKey != null) return "ApiKey " + apiKey;
    if (username != null) {
      String pair = username + ":" + (password == null ? "" : password);
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  public String kind() {
    return apiKey != null ? "api-key" : username != null ? "basic" : "none";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    return "EsCredentials{"
        + kind()
        + (username != null ? ", username=" + username + ", password=****" : "")
        + (apiKey != null ? ", apiKey=****" : "")
        + "}";
  }
}
