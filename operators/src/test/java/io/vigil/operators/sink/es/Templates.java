package io.vigil.operators.sink.es;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Reads the packaged index templates; flattens mappings to dotted field -> type. */
final class Templates {
  private Templates() {}

  static Map<String, String> fields(String template) throws IOException {
    JsonNode root =
        Json.MAPPER.readTree(
            EsSetup.resource("elasticsearch/index-templates/" + template + ".json"));
    Map<String, String> out = new TreeMap<>();
    walk(root.path("template").path("mappings").path("properties"), "", out);
    return out;
  }

  private static void walk(JsonNode props, String prefix, Map<String, String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix + e.getKey();
      if (e.getValue().has("properties")) {
        walk(e.getValue().path("properties"), path + ".", out);
      } else {
        out.put(path, e.getValue().path("type").asText("object"));
      }
    }
  }

  /**
   * The type a dynamic template of {@code template} gives a string leaf at {@code path} (only
   * {@code path_match} patterns ending in {@code .*} are understood), or null.
   */
  static String dynamicStringType(String template, String path) throws IOException {
    JsonNode root =
        Json.MAPPER.readTree(
            EsSetup.resource("elasticsearch/index-templates/" + template + ".json"));
    for (JsonNode entry : root.path("template").path("mappings").path("dynamic_templates")) {
      for (JsonNode t : entry) {
        String match = t.path("path_match").asText("");
        if (match.endsWith(".*")
            && path.startsWith(match.substring(0, match.length() - 1))
            && path.indexOf('.', match.length() - 1) < 0
            && t.path("match_mapping_type").asText().equals("string")) {
          return t.at("/mapping/type").asText(null);
        }
      }
    }
    return null;
  }

  /** Dotted leaf paths of a JSON document -> the JSON node kind. */
  static Map<String, JsonNode> leaves(String json) throws IOException {
    Map<String, JsonNode> out = new TreeMap<>();
    leaves(Json.MAPPER.readTree(json), "", out);
    return out;
  }

  private static void leaves(JsonNode node, String prefix, Map<String, JsonNode> out) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e ->
                  leaves(
                      e.getValue(),
                      prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                      out));
    } else if (node.isArray()) {
      node.forEach(n -> leaves(n, prefix, out));
    } else {
      out.put(prefix, node);
    }
  }
}
