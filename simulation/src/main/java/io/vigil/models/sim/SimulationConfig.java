package io.vigil.models.sim;

import java.nio.file.Path;
import java.time.Instant;

/** Settings of a simulation run. Plain POJO with defaults. */
public class SimulationConfig implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public static final Instant DEFAULT_START = Instant.parse("2025-11-20T00:00:00Z");

  public long seed = 42;
  public int functions = Fleet.DEFAULT_SIZE;
  public Instant start = DEFAULT_START;

  /** Fleet minutes to simulate; 0 or negative = unbounded. */
  public long minutes = 0;

  /** Every n-th Lambda record corrupted (see {@link FleetSimulator#corruptEvery}); 0 = off. */
  public int corruptEvery = 0;

  /** Scenario YAML file; null = bundled {@value Scenario#DEFAULT_RESOURCE}. */
  public String scenarioPath;

  /** Scenario YAML text; wins over {@link #scenarioPath} (ships inside the job graph). */
  public String scenarioYaml;

  /**
   * Realistic delivery: flow records arrive 1-5 min after their minute, billing rows 2-6 h after
   * their hour, and every record is emitted in the minute it arrives (so hours of billing are still
   * in flight at any time). Off: records arrive within a minute.
   */
  public boolean lateDelivery = false;

  /** Share of functions (0..1) writing JSON-format logs; the rest write text. */
  public double jsonLogShare = 0.2;

  public SimulationConfig() {}

  public SimulationConfig seed(long seed) {
    this.seed = seed;
    return this;
  }

  public SimulationConfig functions(int functions) {
    this.functions = functions;
    return this;
  }

  public SimulationConfig start(Instant start) {
    this.start = start;
    return this;
  }

  public SimulationConfig minutes(long minutes) {
    this.minutes = minutes;
    return this;
  }

  public SimulationConfig corruptEvery(int n) {
    this.corruptEvery = n;
    return this;
  }

  public SimulationConfig scenarioPath(Path path) {
    this.scenarioPath = path == null ? null : path.toString();
    return this;
  }

  public SimulationConfig jsonLogShare(double share) {
    this.jsonLogShare = share;
    return this;
  }
}
