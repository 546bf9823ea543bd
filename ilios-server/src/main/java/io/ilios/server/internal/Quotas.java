package io.ilios.server.internal;

import io.ilios.Ilios;
import io.ilios.server.Limits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-owner limits: a token bucket of requests, a count of conversions in flight, and pages per UTC
 * day. When the store is shared by several nodes (Postgres) the buckets and the slots of
 * conversions in flight live in it ({@link io.ilios.SharedQuotas}) and hold across nodes; otherwise
 * (SQLite, one process) they are counted in memory. Pages per day are read from the usage records
 * in the store either way.
 */
public final class Quotas {
  private final Ilios ilios;
  private final Clock clock;
  private final AtomicLong refused = new AtomicLong();

  public Quotas(Ilios ilios, Clock clock) {
    this.ilios = ilios;
    this.clock = clock;
  }

  /** How many requests were refused for a limit since start. */
  public long refused() {
    return refused.get();
  }

  /**
   * Takes one request from the owner's bucket.
   *
   * @throws OverLimit with the seconds until a request will be allowed
   */
  public void request(String owner, Limits limits) {
    long waitMillis =
        ilios
            .quotas()
            .takeToken(owner, limits.requestsPerSecond(), limits.burst(), clock.instant());
    if (waitMillis > 0) {
      refused.incrementAndGet();
      throw new OverLimit(
          "more than "
              + limits.requestsPerSecond()
              + " requests per second (bursts of "
              + limits.burst()
              + ")",
          seconds(waitMillis));
    }
  }

  /**
   * Holds one of the owner's conversion slots until the returned permit is closed.
   *
   * @throws OverLimit when all of them are in use
   */
  public Permit conversion(String owner, Limits limits, Duration timeout) {
    String slot = UUID.randomUUID().toString();
    // A holder that dies (a node, on a shared store) loses its slot once its conversion would
    // have timed out.
    Instant now = clock.instant();
    Instant until = now.plus(timeout).plus(Duration.ofMinutes(1));
    if (!ilios.quotas().takeSlot(owner, slot, limits.concurrentConversions(), until, now)) {
      refused.incrementAndGet();
      throw new OverLimit(
          limits.concurrentConversions() + " conversions of this key are running already", 1);
    }
    return () -> ilios.quotas().releaseSlot(owner, slot);
  }

  /**
   * Refuses new documents once the owner's pages converted today (UTC) reach the limit.
   *
   * @throws OverLimit with the seconds until midnight UTC
   */
  public void pages(String owner, Limits limits) {
    if (limits.pagesPerDay() == 0) {
      return;
    }
    Instant now = clock.instant();
    Instant today =
        LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    long pages = ilios.usage().summary(owner, today, now.plusMillis(1)).pages();
    if (pages >= limits.pagesPerDay()) {
      refused.incrementAndGet();
      Duration untilMidnight = Duration.between(now, today.plus(Duration.ofDays(1)));
      throw new OverLimit(
          pages + " pages converted today, the limit is " + limits.pagesPerDay(),
          seconds(untilMidnight.toMillis()));
    }
  }

  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }

  /** A held conversion slot. */
  @FunctionalInterface
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /** A request over a limit: 429 with {@code Retry-After}. */
  public static final class OverLimit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    OverLimit(String message, long retryAfterSeconds) {
      super(message, null, false, false);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
