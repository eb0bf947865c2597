package io.vigil.operators.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;

/** Lists the options an option class declares, so no class keeps a hand-written list. */
public final class OptionLists {
  private OptionLists() {}

  /** The public static {@link ConfigOption} fields of {@code holder}, in declaration order. */
  public static List<ConfigOption<?>> declaredIn(Class<?> holder) {
    List<ConfigOption<?>> options = new ArrayList<>();
    for (Field f : holder.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == ConfigOption.class) {
        try {
          options.add((ConfigOption<?>) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return List.copyOf(options);
  }

  /**
   * An enum constant as it is written in the configuration: lower case, '-' for '_' (so {@code
   * EVENT_TIME} is {@code event-time}). Flink's enum options accept it case-insensitively.
   */
  public static String kebab(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
