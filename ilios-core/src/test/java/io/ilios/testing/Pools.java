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

  /** The test timings with a shutdown grace of {@code grace}, for tests of {@code close()}. */
  public static PoolSettings withGrace(int workers, Clock clock, Duration grace) {
    return settings(
        workers,
        clock,
        Duration.ofSeconds(60),
        Duration.ofMillis(100),
        Duration.ofMillis(20),
        grace,
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
    return PoolSettings.builder()
        .workers(workers)
        .lease(lease)
        .heartbeatInterval(heartbeat)
        .pollInterval(poll)
        .grace(grace)
        .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1), 0.2))
        .clock(clock)
        .threadFactory(threads("ilios-" + nodeId + "-worker-"))
        .nodeId(nodeId)
        .build();
  }

  /** A copy of {@code s} that abandons jobs ignoring their timeout after {@code after}. */
  public static PoolSettings abandoningAfter(PoolSettings s, Duration after) {
    return PoolSettings.builder()
        .workers(s.workers())
        .lease(s.lease())
        .heartbeatInterval(s.heartbeatInterval())
        .pollInterval(s.pollInterval())
        .grace(s.grace())
        .abandonAfter(after)
        .retry(s.retry())
        .maxClaim(s.maxClaim())
        .batchOutcomes(s.batchOutcomes())
        .clock(s.clock())
        .threadFactory(s.threadFactory())
        .nodeId(s.nodeId())
        .build();
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
