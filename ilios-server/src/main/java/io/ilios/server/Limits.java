package io.ilios.server;

/**
 * What one API key may use: a request rate (a token bucket: {@code requestsPerSecond} refilled
 * continuously, up to {@code burst} at once), synchronous conversions running at the same time, and
 * pages converted per UTC day. Over a limit the server answers 429 with {@code Retry-After}.
 *
 * @param requestsPerSecond sustained requests per second, at least 0.001
 * @param burst requests allowed at once after a quiet spell, at least 1
 * @param concurrentConversions {@code POST /v1/convert} requests of the key running at once, at
 *     least 1
 * @param pagesPerDay pages the key's owner may have converted per UTC day before new documents are
 *     refused; 0 for no limit
 */
public record Limits(
    double requestsPerSecond, int burst, int concurrentConversions, long pagesPerDay) {

  public Limits {
    if (!(requestsPerSecond >= 0.001)) {
      throw new IllegalArgumentException(
          "requestsPerSecond must be at least 0.001, was " + requestsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1, was " + burst);
    }
    if (concurrentConversions < 1) {
      throw new IllegalArgumentException(
          "concurrentConversions must be at least 1, was " + concurrentConversions);
    }
    if (pagesPerDay < 0) {
      throw new IllegalArgumentException("pagesPerDay must be 0 or more, was " + pagesPerDay);
    }
  }

  /** The defaults: 50 requests per second (bursts of 100), 8 conversions at once, no page cap. */
  public static Limits defaults() {
    return new Limits(50, 100, 8, 0);
  }

  public Limits withRequestsPerSecond(double perSecond, int burst) {
    return new Limits(perSecond, burst, concurrentConversions, pagesPerDay);
  }

  public Limits withConcurrentConversions(int conversions) {
    return new Limits(requestsPerSecond, burst, conversions, pagesPerDay);
  }

  public Limits withPagesPerDay(long pages) {
    return new Limits(requestsPerSecond, burst, concurrentConversions, pages);
  }
}
