package io.ilios.spring;

import io.ilios.Ilios;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Runs Ilios's workers in Spring's lifecycle: they start once every bean is ready (jobs queued
 * meanwhile wait), and stop in the graceful shutdown phase after the web server stopped taking
 * requests, letting running jobs finish within {@code ilios.shutdown-grace} and giving the rest
 * back to the queue for the next start. Stopping is final for this {@code Ilios}.
 */
public final class IliosLifecycle implements SmartLifecycle {
  /**
   * Below the web server's phases, so the workers start before it and stop after it: requests in
   * flight may still submit jobs while the server drains.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private final Ilios ilios;

  public IliosLifecycle(Ilios ilios) {
    this.ilios = Objects.requireNonNull(ilios, "ilios");
  }

  @Override
  public void start() {
    ilios.startWorkers();
  }

  @Override
  public void stop() {
    ilios.stopWorkers();
  }

  @Override
  public void stop(Runnable callback) {
    // Other beans of this phase stop meanwhile; Spring waits for the callback up to its timeout.
    Thread stopping =
        new Thread(
            () -> {
              try {
                ilios.stopWorkers();
              } finally {
                callback.run();
              }
            },
            "ilios-lifecycle-stop");
    stopping.setDaemon(true);
    stopping.start();
  }

  @Override
  public boolean isRunning() {
    return ilios.workersRunning();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
