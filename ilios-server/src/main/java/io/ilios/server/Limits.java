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

  /**
   * Limits written as {@code name=value} pairs separated by commas, for keys kept in the store
   * ({@code ilios keys create --limits}): {@code requestsPerSecond}, {@code burst}, {@code
   * concurrentConversions}, {@code pagesPerDay}. Names left out keep the value of {@code base}.
   *
   * @throws IllegalArgumentException naming the pair that is wrong
   */
  public static Limits parse(String text, Limits base) {
    Limits l = base;
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("limits: '" + pair.strip() + "' is not name=value");
      }
      String name = kv[0].strip();
      String value = kv[1].strip();
      try {
        l =
            switch (name) {
              case "requestsPerSecond" ->
                  l.withRequestsPerSecond(Double.parseDouble(value), l.burst);
              case "burst" -> l.withRequestsPerSecond(l.requestsPerSecond, Integer.parseInt(value));
              case "concurrentConversions" -> l.withConcurrentConversions(Integer.parseInt(value));
              case "pagesPerDay" -> l.withPagesPerDay(Long.parseLong(value));
              default ->
                  throw new IllegalArgumentException(
                      "limits: unknown name '"
                          + name
                          + "'; known: requestsPerSecond, burst, concurrentConversions, pagesPerDay");
            };
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("limits: " + name + " must be a number, was " + value);
      }
    }
    return l;
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
