package io.ilios.spring.internal;

import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Start-up failures that name the property at fault: Spring Boot prints them as "Invalid value for
 * property ilios.x" with the reason, instead of a stack from deep inside a builder.
 */
public final class Invalid {
  private Invalid() {}

  public static InvalidConfigurationPropertyValueException property(
      String name, Object value, String reason) {
    return new InvalidConfigurationPropertyValueException(name, value, reason);
  }

  /** {@code module} is needed for the value of property {@code name}, and not there. */
  public static InvalidConfigurationPropertyValueException missing(
      String name, Object value, String module) {
    return property(name, value, "it needs " + module + " on the class path");
  }

  /**
   * Runs {@code action}, which checks {@code value} of property {@code name}; its refusal becomes a
   * failure naming the property. Secrets are passed as {@code value} only masked.
   */
  public static <T> T checked(String name, Object value, Supplier<T> action) {
    try {
      return action.get();
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      throw property(name, value, e.getMessage());
    }
  }

  /** {@code runnable} with the same treatment as {@link #checked(String, Object, Supplier)}. */
  public static void check(String name, Object value, Runnable action) {
    checked(
        name,
        value,
        () -> {
          action.run();
          return null;
        });
  }
}
