package io.ilios.internal.worker;

import io.ilios.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Settings of a {@link WorkerPool}, validated by the public builder that makes them. Made with
 * {@link #builder()}, whose defaults are those of {@link io.ilios.IliosBuilder}.
 *
 * @param workers worker count
 * @param lease how long a claim holds a job without a heartbeat
 * @param heartbeatInterval how often running jobs' leases are extended
 * @param pollInterval how often the store is polled for work this process was not told about
 * @param grace how long {@code close()} lets running jobs finish before interrupting them
 * @param abandonAfter how long a job past its timeout may ignore its interrupt before it is failed,
 *     its thread left behind and its worker replaced
 * @param retry backoff between attempts
 * @param maxClaim most jobs one claim statement takes (1 = one job per statement)
 * @param batchOutcomes whether finished attempts are stored several per transaction
 * @param clock the time written into the store
 * @param threadFactory makes worker threads (ignored when {@code executor} is set)
 * @param executor runs the worker loops instead of dedicated threads; may be null
 * @param nodeId names this process in the store's worker_id column
 */
public record PoolSettings(
    int workers,
    Duration lease,
    Duration heartbeatInterval,
    Duration pollInterval,
    Duration grace,
    Duration abandonAfter,
    RetryPolicy retry,
    int maxClaim,
    boolean batchOutcomes,
    Clock clock,
    ThreadFactory threadFactory,
    Executor executor,
    String nodeId) {

  public PoolSettings {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(abandonAfter, "abandonAfter");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(threadFactory, "threadFactory");
    Objects.requireNonNull(nodeId, "nodeId");
  }

  /** A builder with Ilios's defaults: one worker per processor, 60 s leases, 20 s heartbeats. */
  public static Builder builder() {
    return new Builder();
  }

  /** Named settings for a pool; unset ones keep Ilios's defaults. Not validated here. */
  public static final class Builder {
    private int workers = Runtime.getRuntime().availableProcessors();
    private Duration lease = Duration.ofSeconds(60);
    private Duration heartbeatInterval = Duration.ofSeconds(20);
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration grace = Duration.ofSeconds(30);
    private Duration abandonAfter = Duration.ofSeconds(10);
    private RetryPolicy retry = RetryPolicy.defaults();
    private Integer maxClaim; // default: one job per worker
    private boolean batchOutcomes = true;
    private Clock clock = Clock.systemUTC();
    private ThreadFactory threadFactory;
    private Executor executor;
    private String nodeId = NodeIds.forThisProcess();

    private Builder() {}

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder lease(Duration lease) {
      this.lease = lease;
      return this;
    }

    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    public Builder pollInterval(Duration interval) {
      this.pollInterval = interval;
      return this;
    }

    public Builder grace(Duration grace) {
      this.grace = grace;
      return this;
    }

    public Builder abandonAfter(Duration after) {
      this.abandonAfter = after;
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    public Builder maxClaim(int jobs) {
      this.maxClaim = jobs;
      return this;
    }

    public Builder batchOutcomes(boolean together) {
      this.batchOutcomes = together;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Worker threads from this factory (the default: daemon threads {@code ilios-worker-N}). */
    public Builder threadFactory(ThreadFactory factory) {
      this.threadFactory = factory;
      this.executor = null;
      return this;
    }

    /** Worker loops as long tasks on the caller's executor instead of threads of their own. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    public PoolSettings build() {
      return new PoolSettings(
          workers,
          lease,
          heartbeatInterval,
          pollInterval,
          grace,
          abandonAfter,
          retry,
          maxClaim != null ? maxClaim : workers,
          batchOutcomes,
          clock,
          threadFactory != null ? threadFactory : workerThreads(),
          executor,
          nodeId);
    }

    private static ThreadFactory workerThreads() {
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      return r -> {
        Thread t = new Thread(r, "ilios-worker-" + n.incrementAndGet());
        // Daemon: a job that ignores the shutdown interrupt must not keep the JVM alive.
        t.setDaemon(true);
        return t;
      };
    }
  }
}
