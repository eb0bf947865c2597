package io.vigil.models.action;

/** How far the actuator goes with an action. Dry-run is the default everywhere. */
public enum ActionMode {
  DRY_RUN,
  APPROVAL,
  ENFORCE
}
