package io.ilios.postgres.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's clock corrected to the database server's. Every node writes lease deadlines and due
 * times that other nodes compare with theirs; if each used its own clock, a node running slow would
 * write leases that look expired to the others, which would rescue its live jobs. So the store
 * measures how far this host is from the database (a round trip, halved) and moves every time it
 * writes by that much. Measured when the store opens and again every {@link #REMEASURE}.
 */
public final class DatabaseClock {
  private static final Logger log = LoggerFactory.getLogger(DatabaseClock.class);

  /**
   * Offsets smaller than this are taken as none: a round trip measures them only roughly, and they
   * are far below any lease. Times then stay exactly as the caller gave them.
   */
  public static final Duration TOLERANCE = Duration.ofSeconds(1);

  /** How often the offset is measured again. */
  public static final Duration REMEASURE = Duration.ofMinutes(1);

  private final DataSource dataSource;
  private final Clock host;
  private volatile long offsetMillis;
  private volatile long measuredAtNanos;

  public DatabaseClock(DataSource dataSource, Clock host) {
    this.dataSource = dataSource;
    this.host = host;
  }

  /** Measures the offset now, with a connection of the caller's. */
  public void measure(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      long before = host.millis();
      long database;
      try (ResultSet rs =
          s.executeQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
        rs.next();
        database = rs.getLong(1);
      }
      long after = host.millis();
      long offset = database - (before + after) / 2;
      offsetMillis = Math.abs(offset) < TOLERANCE.toMillis() ? 0 : offset;
      measuredAtNanos = System.nanoTime();
    }
  }

  /** How far the database's clock is ahead of this host's, in milliseconds. */
  public long offsetMillis() {
    if (System.nanoTime() - measuredAtNanos > REMEASURE.toNanos()) {
      try (Connection c = dataSource.getConnection()) {
        measure(c);
        if (offsetMillis != 0) {
          log.warn(
              "the database's clock is {} ms ahead of this host's; lease times are corrected",
              offsetMillis);
        }
      } catch (SQLException e) {
        measuredAtNanos = System.nanoTime(); // keep the last offset; try again later
        log.warn("cannot measure the database clock; keeping the last offset: {}", e.getMessage());
      }
    }
    return offsetMillis;
  }

  /** {@code hostTime} (from this host's clock) on the database's clock, in epoch milliseconds. */
  public long toDatabase(Instant hostTime) {
    return hostTime.toEpochMilli() + offsetMillis();
  }
}
