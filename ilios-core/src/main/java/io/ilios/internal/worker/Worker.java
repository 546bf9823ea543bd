package io.ilios.internal.worker;

import io.ilios.spi.ClaimedJob;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker: waits for a job in its one-slot mailbox, runs it, reports back to the pool. The
 * dispatcher writes the mailbox and unparks the thread; nothing else is shared, so a hand-off is
 * one volatile write and one unpark.
 */
final class Worker implements Runnable {
  /** Why the dispatcher interrupted the running job. */
  enum Stop {
    SHUTDOWN,
    CANCELLED,
    TIMEOUT,
    LEASE_LOST
  }

  final int index;
  private final WorkerPool pool;
  private volatile Thread thread;
  private volatile ClaimedJob job;
  private volatile boolean exit;
  private volatile long startedNanos;
  // Guarded by this: the job an interrupt is meant for, so it never hits the next one.
  private ClaimedJob current;
  private Stop stop;

  Worker(int index, WorkerPool pool) {
    this.index = index;
    this.pool = pool;
  }

  /** Hands a job to this idle worker. Called by the dispatcher only. */
  void assign(ClaimedJob next) {
    startedNanos = System.nanoTime();
    job = next;
    LockSupport.unpark(thread);
  }

  /** Interrupts the job if this worker is still running it. */
  synchronized boolean interrupt(ClaimedJob target, Stop why) {
    if (current != target || stop != null) {
      return false;
    }
    stop = why;
    thread.interrupt();
    return true;
  }

  long startedNanos() {
    return startedNanos;
  }

  boolean started() {
    return thread != null;
  }

  void exit() {
    exit = true;
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  Thread thread() {
    return thread;
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    pool.ready(this);
    while (true) {
      ClaimedJob next;
      while ((next = job) == null) {
        if (exit) {
          return;
        }
        LockSupport.park(this);
      }
      job = null;
      synchronized (this) {
        current = next;
      }
      String result = null;
      Throwable failure = null;
      try {
        result = pool.executor().execute(next);
      } catch (Throwable t) {
        failure = t;
      }
      Stop why;
      synchronized (this) {
        why = stop;
        stop = null;
        current = null;
        Thread.interrupted(); // a late interrupt must not leak into the next job
      }
      pool.finished(this, next, result, failure, why);
    }
  }
}
