package io.vigil.models.policy;

import java.io.Serializable;

/** One validation problem, located in its file: {@code file:line:column: field 'x': message}. */
public record PolicyError(String file, int line, int column, String field, String message)
    implements Serializable {
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) sb.append(':').append(line).append(':').append(column);
    sb.append(": ");
    if (field != null && !field.isEmpty()) sb.append("field '").append(field).append("': ");
    return sb.append(message).toString();
  }
}
