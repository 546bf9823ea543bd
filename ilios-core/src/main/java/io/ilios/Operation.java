package io.ilios;

import java.util.Locale;

/** How a conversion was asked for; every usage record names one. */
public enum Operation {
  /** A synchronous conversion through {@link DocumentConverter}. */
  CONVERT,
  /** One document submitted to the queue. */
  DOCUMENT,
  /** A document submitted as part of a batch. */
  BATCH;

  /** The name stored and exported: the constant in lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The operation with this {@link #wireName()}. */
  public static Operation fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
