package io.ilios;

import java.time.Duration;

/**
 * Told on the worker's thread as each job's attempt starts, with how long the hand-off from the
 * claim to the worker took: for metrics. Must return at once and not throw.
 */
@FunctionalInterface
public interface JobStartListener {
  void started(String type, Duration claimToStart);
}
