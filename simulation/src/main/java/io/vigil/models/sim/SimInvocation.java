package io.vigil.models.sim;

/** One simulated invocation, before it is written as log lines. Package-private scratch type. */
final class SimInvocation {
  static final byte OK = 0;
  static final byte ERROR = 1;
  static final byte TIMEOUT = 2;

  long startMs;
  double durationMs;
  long billedMs;
  int memoryUsedMb;
  double initMs;
  byte status;
  long idHi;
  long idLo;
  boolean xray;
  boolean selfInvoke;
  String version;

  /** Epoch ms when the invocation ends (END/REPORT time). */
  long endMs() {
    return startMs + (long) Math.ceil(durationMs) + (status == TIMEOUT ? 5 : 0);
  }
}
