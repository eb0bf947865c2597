/**
 * Settings shared by more than one package: {@code DetectorSettings} is read by the detectors
 * ({@code detect}) and overridden per function by policies ({@code policy}); here, neither of the
 * two depends on the other for it.
 */
package io.vigil.models.settings;
