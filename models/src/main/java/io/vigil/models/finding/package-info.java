/**
 * What detection tells: findings, their types and severities, feedback on them, the metric bucket
 * they are about, and the state of an open incident. {@code Finding}, {@code MetricBucket}, {@code
 * OpenIncident} and {@code Feedback} are kept in Flink state ({@code es-pending-network-findings},
 * {@code es-window-traffic}, {@code open-incidents}, {@code detect-feedback}) whose serializer
 * snapshots record the class name: moving one to another package breaks restoring a savepoint, so
 * {@code MetricBucket} stays here although the profile produces it (the async lookup's queue, uid
 * {@code lookup-function-buckets}, records it too; {@code MetricBucketStatePinTest} in operators
 * shows both). The incident lifecycle that updates {@code OpenIncident} is {@code
 * io.vigil.models.detect.IncidentTracker}.
 */
package io.vigil.models.finding;
