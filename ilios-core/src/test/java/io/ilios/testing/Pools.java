package io.ilios.testing;

import io.ilios.RetryPolicy;
import io.ilios.internal.worker.PoolSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Worker pool settings for tests: short intervals so tests finish quickly. */
public final class Pools {
  private Pools() {}

  public static PoolSettings settings(int workers, Clock clock) {
    return settings(
        workers,
        clock,
        Duration.ofSeconds(60),
        Duration.ofMillis(100),
        Duration.ofMillis(20),
        Duration.ofSeconds(5),
        "test-node");
  }

  /** Settings with every timing chosen by the test. */
  public static PoolSettings settings(
      int workers,
      Clock clock,
      Duration lease,
      Duration heartbeat,
      Duration poll,
      Duration grace,
      String nodeId) {
    return new PoolSettings(
        workers,
        lease,
        heartbeat,
        poll,
        grace,
        Duration.ofSeconds(10),
        new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1), 0.2),
        workers,
        true,
        clock,
        threads("ilios-" + nodeId + "-worker-"),
        null,
        nodeId);
  }

  /** A copy of {@code s} that abandons jobs ignoring their timeout after {@code after}. */
  public static PoolSettings abandoningAfter(PoolSettings s, Duration after) {
    return new PoolSettings(
        s.workers(),
        s.lease(),
        s.heartbeatInterval(),
        s.pollInterval(),
        s.grace(),
        after,
        s.retry(),
        s.maxClaim(),
        s.batchOutcomes(),
        s.clock(),
        s.threadFactory(),
        s.executor(),
        s.nodeId());
  }

  public static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
