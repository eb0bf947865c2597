package io.vigil.models.detect;

import io.vigil.models.finding.FindingType;

/** One detector's verdict on one bucket: anomalous (with score and evidence) for a finding type. */
public record Signal(
    FindingType type,
    String detector,
    double score,
    double observed,
    double expected,
    String unit,
    double impactUsdPerHour,
    String destinationIp,
    int destinationPort,
    String explanation) {}
