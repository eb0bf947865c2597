package io.vigil.models.sim;

import io.vigil.models.finding.FindingType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A list of incidents to inject, read from YAML:
 *
 * <pre>
 * incidents:
 *   - type: ERROR_STORM        # a FindingType name that is an incident type
 *     function: auto           # a fleet function name, or auto (default)
 *     startMinute: 120         # fleet minutes after simulation start
 *     durationMinutes: 30
 *     magnitude: 0.5           # optional, per-type default
 * fleet:                       # optional: a randomised fleet, see FleetProfile
 *   lowTrafficShare: 0.6
 * </pre>
 */
public class Scenario {
  public static final String DEFAULT_RESOURCE = "scenarios/demo.yaml";
  private static final Set<String> KEYS =
      Set.of("type", "function", "startMinute", "durationMinutes", "magnitude");

  private final List<Incident> incidents;
  private final FleetProfile fleet;

  public Scenario(List<Incident> incidents) {
    this(incidents, null);
  }

  /**
   * @param fleet how to draw a randomised fleet; null keeps the classic fleet
   */
  public Scenario(List<Incident> incidents, FleetProfile fleet) {
    this.incidents = List.copyOf(incidents);
    this.fleet = fleet;
  }

  /** The randomised fleet's profile ({@code fleet:} section), or null for the classic fleet. */
  public FleetProfile fleet() {
    return fleet;
  }

  public List<Incident> incidents() {
    return incidents;
  }

  public static Scenario empty() {
    return new Scenario(List.of());
  }

  /** The bundled demo scenario (classpath {@value #DEFAULT_RESOURCE}). */
  public static Scenario loadDefault() {
    try (InputStream in = Scenario.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  public static Scenario load(Path path) {
    try {
      return parse(Files.readString(path), path.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read scenario file " + path + ": " + e, e);
    }
  }

  public static Scenario parse(String yaml) {
    return parse(yaml, "scenario");
  }

  static Scenario parse(String yaml, String source) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + ": invalid YAML: " + e.getMessage(), e);
    }
    if (root == null) return empty();
    if (!(root instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(source + ": top level must be a mapping with 'incidents'");
    }
    for (Object k : map.keySet()) {
      if (!"incidents".equals(k) && !"fleet".equals(k)) {
        throw new IllegalArgumentException(
            source + ": unknown top-level field '" + k + "' (expected 'incidents', 'fleet')");
      }
    }
    FleetProfile fleet =
        map.get("fleet") == null ? null : FleetProfile.parse(map.get("fleet"), source + ": fleet");
    Object list = map.get("incidents");
    if (list == null) return new Scenario(List.of(), fleet);
    if (!(list instanceof List<?> items)) {
      throw new IllegalArgumentException(source + ": 'incidents' must be a list");
    }
    List<Incident> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(parseIncident(items.get(i), source + ": incidents[" + i + "]"));
    }
    return new Scenario(out, fleet);
  }

  private static Incident parseIncident(Object item, String where) {
    if (!(item instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(where + " must be a mapping");
    }
    for (Object k : m.keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException(
            where + ": unknown field '" + k + "' (expected one of " + KEYS + ")");
      }
    }
    Incident inc = new Incident();
    Object type = m.get("type");
    if (type == null) throw new IllegalArgumentException(where + ".type is required");
    inc.type = parseType(String.valueOf(type), where);
    Object fn = m.get("function");
    if (fn != null) {
      String s = String.valueOf(fn).trim();
      if (s.isEmpty()) throw new IllegalArgumentException(where + ".function must not be empty");
      inc.function = s;
    }
    inc.startMinute = intField(m, "startMinute", where, 0);
    inc.durationMinutes = intField(m, "durationMinutes", where, 1);
    Object mag = m.get("magnitude");
    if (mag == null) inc.magnitude = Incident.defaultMagnitude(inc.type);
    else {
      if (!(mag instanceof Number n)) {
        throw new IllegalArgumentException(
            where + ".magnitude must be a number, got '" + mag + "'");
      }
      inc.magnitude = n.doubleValue();
      if (!(inc.magnitude > 0) || Double.isInfinite(inc.magnitude)) {
        throw new IllegalArgumentException(where + ".magnitude must be > 0, got " + mag);
      }
    }
    return inc;
  }

  private static FindingType parseType(String s, String where) {
    FindingType t;
    try {
      t = FindingType.valueOf(s.trim());
    } catch (IllegalArgumentException e) {
      t = null;
    }
    if (t == null || t == FindingType.BUDGET_BURN) {
      List<String> allowed =
          Arrays.stream(FindingType.values())
              .filter(x -> x != FindingType.BUDGET_BURN)
              .map(Enum::name)
              .toList();
      throw new IllegalArgumentException(
          where + ".type: unknown incident type '" + s + "' (expected one of " + allowed + ")");
    }
    return t;
  }

  private static int intField(Map<?, ?> m, String key, String where, int min) {
    Object v = m.get(key);
    if (v == null) throw new IllegalArgumentException(where + "." + key + " is required");
    if (!(v instanceof Integer || v instanceof Long)) {
      throw new IllegalArgumentException(
          where + "." + key + " must be an integer, got '" + v + "'");
    }
    long l = ((Number) v).longValue();
    if (l < min || l > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(where + "." + key + " must be >= " + min + ", got " + l);
    }
    return (int) l;
  }
}
