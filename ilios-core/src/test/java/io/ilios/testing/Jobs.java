package io.ilios.testing;

import io.ilios.spi.NewJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builders of {@link NewJob}s for store-level tests. */
public final class Jobs {
  private Jobs() {}

  public static NewJob job(String owner, int priority, Instant at) {
    return new NewJob(
        owner, "test", priority, 3, Duration.ofMinutes(1), "{}", Optional.empty(), at);
  }

  public static NewJob job(Instant at) {
    return job("alice", 5, at);
  }

  public static NewJob keyed(String owner, String key, Instant at) {
    return new NewJob(owner, "test", 5, 3, Duration.ofMinutes(1), "{}", Optional.of(key), at);
  }

  public static List<NewJob> many(int n, Instant at) {
    List<NewJob> jobs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      jobs.add(
          new NewJob(
              "alice",
              "test",
              5,
              3,
              Duration.ofMinutes(1),
              "{\"n\":" + i + "}",
              Optional.empty(),
              at));
    }
    return jobs;
  }
}
