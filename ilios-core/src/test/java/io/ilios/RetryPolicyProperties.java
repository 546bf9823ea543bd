package io.ilios;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Backoff stays inside its jitter band around a doubling, capped base, and never shrinks. */
class RetryPolicyProperties {
  final RetryPolicy policy = RetryPolicy.defaults();

  @Property
  void eachWaitIsTheCappedDoublingTimesAFactorWithinTheJitter(
      @ForAll @IntRange(min = 1, max = 80) int attempt,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double r) {
    double base =
        Math.min(
            policy.initialBackoff().toMillis() * Math.pow(2, attempt - 1),
            policy.maxBackoff().toMillis());
    long wait = policy.backoff(attempt, r).toMillis();
    assertThat((double) wait)
        .isBetween(base * (1 - policy.jitter()) - 1, base * (1 + policy.jitter()) + 1);
  }

  @Property
  void withTheSameRandomDrawALaterAttemptNeverWaitsLess(
      @ForAll @IntRange(min = 1, max = 79) int attempt,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double r) {
    Duration now = policy.backoff(attempt, r);
    assertThat(policy.backoff(attempt + 1, r)).isGreaterThanOrEqualTo(now);
  }
}
