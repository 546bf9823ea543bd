package io.ilios.spring;

import io.ilios.Ilios;
import io.ilios.QueueDepth;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator's view of Ilios ({@code /actuator/health/ilios}): up when the job store answers, down
 * when it does not; details are the backend, whether workers run, the queue's depth and how long
 * the oldest pending job has waited. A store error shows as its type only, never its message.
 */
public final class IliosHealthIndicator implements HealthIndicator {
  private final Ilios ilios;
  private final Clock clock;

  public IliosHealthIndicator(Ilios ilios, Clock clock) {
    this.ilios = Objects.requireNonNull(ilios, "ilios");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Health health() {
    Health.Builder health;
    try {
      QueueDepth depth = ilios.jobs().depth(); // from the queue's indexes: as cheap as it is deep
      health =
          Health.up()
              .withDetail("store", "ok")
              .withDetail("pending", depth.pending())
              .withDetail("processing", depth.processing())
              .withDetail(
                  "oldestPendingAge",
                  depth
                      .oldestPending()
                      .map(since -> Duration.between(since, clock.instant()))
                      .map(age -> age.isNegative() ? Duration.ZERO : age)
                      .map(Duration::toString)
                      .orElse("none"));
    } catch (RuntimeException e) {
      health =
          Health.down()
              .withDetail("store", "unavailable")
              .withDetail("error", e.getClass().getSimpleName());
    }
    return health
        .withDetail("backend", ilios.backendName())
        .withDetail("workers", ilios.workersRunning() ? "running" : "stopped")
        .build();
  }
}
