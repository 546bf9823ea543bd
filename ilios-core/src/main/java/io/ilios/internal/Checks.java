package io.ilios.internal;

import java.time.Duration;

/** Argument checks whose messages name the field, the value and the allowed range. */
public final class Checks {
  private Checks() {}

  public static int inRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  public static long inRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  public static Duration positive(String field, Duration value) {
    if (value == null) {
      throw new NullPointerException(field);
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    return value;
  }

  /** A duration in {@code [min, max]}, so that later arithmetic in nanoseconds cannot overflow. */
  public static Duration between(String field, Duration value, Duration min, Duration max) {
    if (value == null) {
      throw new NullPointerException(field);
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  public static String notBlank(String field, String value, int maxLength) {
    if (value == null) {
      throw new NullPointerException(field);
    }
    if (value.isBlank() || value.length() > maxLength) {
      throw new IllegalArgumentException(
          field + " must be 1 to " + maxLength + " characters and not blank, was '" + value + "'");
    }
    return value;
  }
}
