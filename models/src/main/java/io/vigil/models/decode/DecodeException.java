package io.vigil.models.decode;

/** A whole-record decoding problem with its {@link DecodeFailure} reason. */
public class DecodeException extends Exception {
  private final String reason;

  public DecodeException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public DecodeException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  public DecodeFailure toFailure() {
    return new DecodeFailure(reason, getMessage());
  }
}
