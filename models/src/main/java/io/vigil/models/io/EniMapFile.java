package io.vigil.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.event.LambdaArn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ENI -> function map for flow attribution: a JSON object {@code {"eni-0abc": "checkout"}}
 * or CSV lines {@code eni,function} (blank lines, {@code #} comments and an {@code eni,function}
 * header are skipped). A function is a name (its flows keep the region their line or subscription
 * filter gives, else the default region) or a Lambda function ARN (its flows take the ARN's region:
 * needed when one flow stream carries several regions, since lines before v4 have no region).
 * Errors name the file and line.
 */
public final class EniMapFile {
  private EniMapFile() {}

  public static Map<String, String> load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("ENI map " + file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  public static Map<String, String> parse(String text, String source) {
    Map<String, String> map = new LinkedHashMap<>();
    if (text.strip().startsWith("{")) {
      JsonNode root;
      try {
        root = Json.MAPPER.readTree(text);
      } catch (IOException e) {
        throw new IllegalArgumentException("ENI map " + source + ": bad JSON: " + e.getMessage());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
          throw new IllegalArgumentException(
              "ENI map " + source + ": value of '" + e.getKey() + "' must be a function name");
        }
        map.put(
            e.getKey(), owner(e.getValue().asText(), source + ": value of '" + e.getKey() + "'"));
      }
      return map;
    }
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String[] parts = line.split(",", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "ENI map " + source + " line " + (i + 1) + ": expected 'eni,function', got: " + line);
      }
      if (map.isEmpty() && parts[0].strip().equalsIgnoreCase("eni")) continue; // header
      map.put(parts[0].strip(), owner(parts[1].strip(), source + " line " + (i + 1)));
    }
    return map;
  }

  private static String owner(String function, String where) {
    if (function.startsWith("arn:") && LambdaArn.parse(function) == null) {
      throw new IllegalArgumentException(
          "ENI map " + where + ": '" + function + "' is not a Lambda function ARN");
    }
    return function;
  }
}
