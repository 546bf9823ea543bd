package io.ilios.internal.worker;

import io.ilios.IliosException;
import io.ilios.RetryPolicy;
import io.ilios.internal.Text;

/**
 * The one place that decides whether a failed attempt runs again, and how a failure is described in
 * the store. Ilios's own exceptions say it themselves ({@link IliosException#retryable()}); a
 * {@link Error} (out of memory, a stack overflow on a deeply nested document) is the document's
 * doing and never retried; other exceptions (I/O trouble, a bug that may not repeat) are retried
 * while attempts are left.
 */
public final class Failures {
  /** Stored error messages are cut to this many characters. */
  static final int MAX_ERROR_LENGTH = 2_000;

  private Failures() {}

  /** Whether an attempt that threw {@code t} may succeed when tried again. */
  public static boolean retryable(Throwable t) {
    if (t instanceof IliosException e) {
      return e.retryable();
    }
    return !(t instanceof Error);
  }

  /**
   * Whether an attempt that ran past its timeout is tried again: only the first {@link
   * RetryPolicy#timeoutRetries()} attempts of a job are.
   */
  static boolean retryTimeout(int attempt, RetryPolicy policy) {
    return attempt <= policy.timeoutRetries();
  }

  /**
   * One line: the exception's type and message, without stack trace or cause chain, with control
   * characters (NUL among them, which PostgreSQL text refuses) replaced and cut to {@link
   * #MAX_ERROR_LENGTH}.
   */
  static String describe(Throwable t) {
    String message = t.getMessage();
    String type = t.getClass().getSimpleName();
    return clean(message == null || message.isBlank() ? type : type + ": " + message);
  }

  /** {@code text} safe to store as an error: printable, one line, bounded. */
  static String clean(String text) {
    return Text.oneLine(text, MAX_ERROR_LENGTH);
  }
}
