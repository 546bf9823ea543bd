package io.ilios;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One ended attempt of a follow-up job ({@link JobQueue#attemptsOf}).
 *
 * @param attempt its number, from 1
 * @param startedAt when it started
 * @param outcome {@code completed: <result>}, the error it failed with, or what else ended it
 */
public record JobAttempt(int attempt, Optional<Instant> startedAt, String outcome) {
  public JobAttempt {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(outcome, "outcome");
  }
}
