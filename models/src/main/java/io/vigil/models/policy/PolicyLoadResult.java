package io.vigil.models.policy;

import java.util.List;
import java.util.stream.Collectors;

/** Either a complete valid {@link PolicySet} or the list of errors; never both, never partial. */
public record PolicyLoadResult(PolicySet set, List<PolicyError> errors) {
  public boolean valid() {
    return set != null;
  }

  /** The set, or an exception listing every error. */
  public PolicySet orThrow() {
    if (set == null) throw new PolicyValidationException(errors);
    return set;
  }

  public String report() {
    return errors.stream().map(PolicyError::toString).collect(Collectors.joining("\n"));
  }

  /** Thrown by {@link #orThrow()}. */
  public static final class PolicyValidationException extends RuntimeException {
    private final List<PolicyError> errors;

    public PolicyValidationException(List<PolicyError> errors) {
      super(
          errors.size()
              + " policy error(s):\n"
              + errors.stream().map(PolicyError::toString).collect(Collectors.joining("\n")));
      this.errors = List.copyOf(errors);
    }

    public List<PolicyError> errors() {
      return errors;
    }
  }
}
