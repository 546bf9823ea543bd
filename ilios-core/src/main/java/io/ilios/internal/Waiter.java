package io.ilios.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Lets callers wait for a stored record to reach a state. Work finished in this process wakes them
 * at once ({@link #wake()}); work finished by other processes is noticed by re-reading the store
 * every {@link #POLL_MS} ms.
 */
public final class Waiter {
  /** How often waiting callers re-read the store. */
  public static final long POLL_MS = 200;

  private final Object monitor = new Object();
  private volatile int waiting;
  private long wakes; // guarded by monitor

  /**
   * Reads the record until {@code done} accepts it or {@code timeout} passes, and returns the last
   * read.
   */
  public <T> T await(Supplier<T> read, Predicate<T> done, Duration timeout)
      throws InterruptedException {
    Checks.inRange("timeout (ms)", timeout.toMillis(), 0, Long.MAX_VALUE);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      waiting++;
    }
    try {
      while (true) {
        long seen;
        synchronized (monitor) {
          seen = wakes;
        }
        // Read outside the monitor, so a wake() never waits for a store read.
        T value = read.get();
        long left = deadline - System.nanoTime();
        if (done.test(value) || left <= 0) {
          return value;
        }
        synchronized (monitor) {
          if (wakes == seen) {
            TimeUnit.NANOSECONDS.timedWait(
                monitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MS)));
          }
        }
      }
    } finally {
      synchronized (monitor) {
        waiting--;
      }
    }
  }

  /** Wakes waiting callers to re-read; cheap when nobody waits. */
  public void wake() {
    if (waiting > 0) {
      synchronized (monitor) {
        wakes++;
        monitor.notifyAll();
      }
    }
  }
}
