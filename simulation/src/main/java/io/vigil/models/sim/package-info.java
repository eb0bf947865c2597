/**
 * Deterministic AWS Lambda fleet simulator. {@link io.vigil.models.sim.FleetSimulator} turns a
 * {@link io.vigil.models.sim.SimulationConfig} (seed, fleet size, start, scenario) into the raw
 * Kinesis records of the three input streams, minute by minute of fleet time:
 *
 * <ul>
 *   <li>LAMBDA_LOGS: gzip CloudWatch Logs subscription envelopes with text- or JSON-format Lambda
 *       platform lines (START / app / END / REPORT, timeouts, errors), partition key = function;
 *   <li>FLOW_LOGS: VPC Flow Logs v2 default lines per ENI and minute, raw newline-joined or in a
 *       gzip envelope ({@code vpc-flow-logs}), partition key = ENI id;
 *   <li>BILLING: once per fleet hour, CUR 2.0 CSV (FOCUS CSV for one account) per function for the
 *       previous hour, event time = start of the billed hour, partition key = function.
 * </ul>
 *
 * Incidents come from a YAML {@link io.vigil.models.sim.Scenario} (default {@code
 * scenarios/demo.yaml}); {@link io.vigil.models.sim.FleetSimulator#incidents()} is the ground truth
 * and {@link io.vigil.models.sim.FleetSimulator#eniToFunction()} the flow attribution map.
 */
package io.vigil.models.sim;
