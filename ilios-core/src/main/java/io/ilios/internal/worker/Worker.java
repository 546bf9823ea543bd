package io.ilios.internal.worker;

import io.ilios.spi.ClaimedJob;

/**
 * One worker: waits for a job in its {@link Handoff} slot, runs it, reports back to the pool.
 * Nothing else is shared with the dispatcher, so a hand-off is one volatile write and one unpark.
 */
final class Worker implements Runnable {
  /** Why the dispatcher interrupted the running job. */
  enum Stop {
    SHUTDOWN,
    CANCELLED,
    TIMEOUT,
    LEASE_LOST
  }

  private final WorkerPool pool;
  private final Handoff<ClaimedJob> inbox = new Handoff<>();
  private volatile long startedNanos;
  // Guarded by this: the job an interrupt is meant for, so it never hits the next one.
  private ClaimedJob current;
  private Stop stop;
  private boolean abandoned;

  Worker(WorkerPool pool) {
    this.pool = pool;
  }

  /** Hands a job to this idle worker. Called by the dispatcher only. */
  void assign(ClaimedJob next) {
    startedNanos = System.nanoTime();
    inbox.put(next);
  }

  /** Interrupts the job if this worker is still running it. */
  synchronized boolean interrupt(ClaimedJob target, Stop why) {
    if (current != target || stop != null) {
      return false;
    }
    stop = why;
    inbox.receiver().interrupt();
    return true;
  }

  /**
   * Gives up on the job if this worker is still running it: whenever it returns, its result is
   * dropped and this worker's loop ends (the pool has replaced it). Returns whether it was running.
   */
  synchronized boolean abandon(ClaimedJob target) {
    if (current != target) {
      return false;
    }
    abandoned = true;
    return true;
  }

  long startedNanos() {
    return startedNanos;
  }

  void exit() {
    inbox.close();
  }

  Thread thread() {
    return inbox.receiver();
  }

  @Override
  public void run() {
    inbox.bindReceiver();
    pool.ready(this);
    ClaimedJob next;
    while ((next = inbox.take()) != null) {
      synchronized (this) {
        current = next;
      }
      pool.started(next, System.nanoTime() - startedNanos);
      JobExecutor.Result result = null;
      Throwable failure = null;
      try {
        result = pool.executor().execute(next);
        if (result == null) {
          throw new IllegalStateException("job executor returned no result");
        }
      } catch (Throwable t) {
        failure = t;
      }
      Stop why;
      synchronized (this) {
        if (abandoned) {
          Thread.interrupted();
          return; // failed and replaced by the pool long ago
        }
        why = stop;
        stop = null;
        current = null;
        Thread.interrupted(); // a late interrupt must not leak into the next job
      }
      pool.finished(this, next, result, failure, why);
    }
  }
}
