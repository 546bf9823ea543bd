package io.ilios.internal.worker;

import io.ilios.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Settings of a {@link WorkerPool}, validated by the public builder that makes them.
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
}
