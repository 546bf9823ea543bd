package io.ilios;

import io.ilios.internal.Checks;
import java.time.Duration;

/**
 * How often a job is attempted and how long to wait between attempts: exponential backoff with
 * multiplicative jitter. With the defaults a job is tried {@value #DEFAULT_MAX_ATTEMPTS} times,
 * waiting about 5 s and then 10 s (20 s, 40 s… when more attempts are allowed), each wait varied by
 * up to ±{@value #DEFAULT_JITTER} of itself so that failed jobs do not retry in lockstep. Immutable
 * and thread-safe.
 *
 * @param maxAttempts attempts before a job fails for good, 1–100
 * @param initialBackoff the wait after the first failed attempt
 * @param maxBackoff the longest wait, whatever the attempt
 * @param jitter the largest fraction by which a wait is varied, 0–1
 * @param timeoutRetries how many attempts that ran past the job's timeout are tried again, 0–100
 *     (default {@value #DEFAULT_TIMEOUT_RETRIES}): a document that timed out twice would most
 *     likely time out every time, and each try holds a worker for the whole timeout
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double jitter,
    int timeoutRetries) {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);
  public static final double DEFAULT_JITTER = 0.2;
  public static final int DEFAULT_TIMEOUT_RETRIES = 1;

  public RetryPolicy {
    Checks.inRange("maxAttempts", maxAttempts, 1, 100);
    Checks.inRange("timeoutRetries", timeoutRetries, 0, 100);
    Checks.positive("initialBackoff", initialBackoff);
    Checks.positive("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
  }

  /** A policy that retries a timed-out attempt {@value #DEFAULT_TIMEOUT_RETRIES} time. */
  public RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    this(maxAttempts, initialBackoff, maxBackoff, jitter, DEFAULT_TIMEOUT_RETRIES);
  }

  /**
   * The defaults: 3 attempts, 5 s initial backoff, 10 min cap, ±20 % jitter, one retry after a
   * timeout.
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_JITTER,
        DEFAULT_TIMEOUT_RETRIES);
  }

  /** A copy with another number of attempts. */
  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, initialBackoff, maxBackoff, jitter, timeoutRetries);
  }

  /** A copy that retries this many timed-out attempts of a job. */
  public RetryPolicy withTimeoutRetries(int retries) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, jitter, retries);
  }

  /**
   * The wait after failed attempt number {@code attempt} (1-based): {@code initialBackoff ×
   * 2^(attempt-1)}, capped at {@code maxBackoff}, times a factor in {@code [1 - jitter, 1 +
   * jitter]} chosen by {@code random01}, a number in {@code [0, 1)}.
   */
  public Duration backoff(int attempt, double random01) {
    Checks.inRange("attempt", attempt, 1, Integer.MAX_VALUE);
    if (!(random01 >= 0 && random01 < 1)) {
      throw new IllegalArgumentException("random01 must be in [0, 1), was " + random01);
    }
    long initial = initialBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    int doublings = Math.min(attempt - 1, 62);
    long base = doublings >= Long.numberOfLeadingZeros(initial) - 1 ? cap : initial << doublings;
    base = Math.min(base, cap);
    double factor = 1 + jitter * (2 * random01 - 1);
    return Duration.ofMillis(Math.round(base * factor));
  }
}
