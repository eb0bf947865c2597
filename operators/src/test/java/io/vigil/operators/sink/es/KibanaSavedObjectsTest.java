package io.vigil.operators.sink.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every field the Kibana saved objects use exists in the index templates with a fitting type. */
class KibanaSavedObjectsTest {
  private static final Set<String> NUMERIC = Set.of("long", "integer", "double", "float");

  @Test
  void savedObjectsReferenceOnlyMappedFieldsOfSuitableTypes() throws Exception {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : EsSetup.resource(EsSetup.KIBANA_OBJECTS).split("\n")) {
      if (!line.isBlank()) objects.add(Json.MAPPER.readTree(line));
    }
    Map<String, Map<String, String>> patterns = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode o : objects) {
      ids.add(o.path("id").asText());
      if (o.path("type").asText().equals("index-pattern")) {
        String id = o.path("id").asText();
        assertThat(o.at("/attributes/title").asText()).isEqualTo(id + "-*");
        Map<String, String> fields = Templates.fields(id);
        assertThat(fields.get(o.at("/attributes/timeFieldName").asText())).isEqualTo("date");
        patterns.put(id, fields);
      }
    }
    assertThat(patterns).containsKeys("vigil-findings", "vigil-metrics");
    int checked = 0;
    Set<String> dashboards = new HashSet<>();
    for (JsonNode o : objects) {
      String type = o.path("type").asText();
      if (type.equals("dashboard")) {
        dashboards.add(o.at("/attributes/title").asText());
        for (JsonNode ref : o.path("references")) {
          assertThat(ids).as("panel reference").contains(ref.path("id").asText());
        }
        continue;
      }
      if (type.equals("search")) {
        Map<String, String> fields = patterns.get(o.at("/references/0/id").asText());
        assertThat(fields).as(o.path("id").asText() + " has an index pattern").isNotNull();
        for (JsonNode column : o.at("/attributes/columns")) {
          assertThat(fields.get(column.asText())).as(o.path("id") + " shows " + column).isNotNull();
          checked++;
        }
        continue;
      }
      if (!type.equals("visualization")) continue;
      Map<String, String> fields = null;
      for (JsonNode ref : o.path("references")) {
        assertThat(ref.path("type").asText()).isEqualTo("index-pattern");
        fields = patterns.get(ref.path("id").asText());
        assertThat(fields).as("index pattern " + ref.path("id")).isNotNull();
      }
      assertThat(fields).as(o.path("id").asText() + " has an index pattern").isNotNull();
      JsonNode state = Json.MAPPER.readTree(o.at("/attributes/visState").asText());
      for (JsonNode agg : state.path("aggs")) {
        String aggType = agg.path("type").asText();
        if (!agg.at("/params/field").isTextual()) {
          assertThat(aggType).as("agg without field").isEqualTo("count");
          continue;
        }
        String field = agg.at("/params/field").asText();
        String mapped = fields.get(field);
        assertThat(mapped).as(o.path("id").asText() + " uses " + field).isNotNull();
        switch (aggType) {
          case "terms", "cardinality" -> assertThat(mapped).as(field).isIn("keyword", "ip");
          case "sum", "avg", "max", "min" -> assertThat(NUMERIC).as(field).contains(mapped);
          case "date_histogram" -> assertThat(mapped).as(field).isEqualTo("date");
          default -> throw new AssertionError("unchecked aggregation " + aggType);
        }
        checked++;
      }
      for (JsonNode control : state.at("/params/controls")) {
        assertThat(fields.get(control.path("fieldName").asText())).isEqualTo("keyword");
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(dashboards).contains("Vigil: fleet overview", "Vigil: function drill-down");
  }
}
