/**
 * Detector evaluation on the Numenta Anomaly Benchmark: corpus reader, the NAB scorer, the tuned
 * detectors and the cross-validation. Lives in the {@code simulation} module (tooling, not domain);
 * the package name is kept from when it was part of {@code models}.
 */
package io.vigil.models.eval.nab;
