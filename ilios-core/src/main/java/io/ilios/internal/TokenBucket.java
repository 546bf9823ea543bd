package io.ilios.internal;

/**
 * The arithmetic of a token bucket, for the buckets kept in memory and those kept in a store:
 * tokens refill continuously at a rate, up to a burst; a request takes one.
 */
public final class TokenBucket {
  private TokenBucket() {}

  /** The tokens after {@code elapsedMillis} of refilling, never more than {@code burst}. */
  public static double refill(double tokens, long elapsedMillis, double perSecond, int burst) {
    return elapsedMillis <= 0 ? tokens : Math.min(burst, tokens + elapsedMillis * perSecond / 1000);
  }

  /** 0 when a token can be taken from {@code tokens}, else the milliseconds until one can. */
  public static long waitMillis(double tokens, double perSecond) {
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * 1000 / perSecond);
  }
}
