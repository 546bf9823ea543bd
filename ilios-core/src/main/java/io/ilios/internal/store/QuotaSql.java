package io.ilios.internal.store;

import io.ilios.internal.TokenBucket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Request buckets and held slots in SQL both stores run, inside a transaction the caller opens.
 * {@code lockRow} is what makes concurrent transactions of one owner take turns: {@code " FOR
 * UPDATE"} on Postgres; nothing on SQLite, whose writers take turns anyway.
 */
public final class QuotaSql {
  private QuotaSql() {}

  /** Takes a token; returns 0, or the milliseconds until a token will be there. */
  public static long takeToken(
      Connection c, String lockRow, String owner, double perSecond, int burst, Instant now)
      throws SQLException {
    long at = now.toEpochMilli();
    double tokens;
    long updated;
    ensureBucket(c, owner, burst, at);
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT tokens, updated_at FROM quota_buckets WHERE owner = ?" + lockRow)) {
      s.setString(1, owner);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        tokens = rs.getDouble(1);
        updated = rs.getLong(2);
      }
    }
    tokens = TokenBucket.refill(tokens, at - updated, perSecond, burst);
    long wait = TokenBucket.waitMillis(tokens, perSecond);
    if (wait == 0) {
      tokens -= 1;
    }
    try (PreparedStatement s =
        c.prepareStatement("UPDATE quota_buckets SET tokens = ?, updated_at = ? WHERE owner = ?")) {
      s.setDouble(1, tokens);
      s.setLong(2, Math.max(at, updated));
      s.setString(3, owner);
      s.executeUpdate();
    }
    return wait;
  }

  /** Takes a slot when fewer than {@code limit} unexpired ones are held. */
  public static boolean takeSlot(
      Connection c,
      String lockRow,
      String owner,
      String slotId,
      int limit,
      Instant until,
      Instant now)
      throws SQLException {
    ensureBucket(c, owner, 1, now.toEpochMilli());
    try (PreparedStatement s =
        c.prepareStatement("SELECT owner FROM quota_buckets WHERE owner = ?" + lockRow)) {
      s.setString(1, owner); // the owner's transactions take turns from here
      s.executeQuery().close();
    }
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM quota_slots WHERE owner = ? AND until < ?")) {
      s.setString(1, owner);
      s.setLong(2, now.toEpochMilli());
      s.executeUpdate();
    }
    int held;
    try (PreparedStatement s =
        c.prepareStatement("SELECT count(*) FROM quota_slots WHERE owner = ?")) {
      s.setString(1, owner);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        held = rs.getInt(1);
      }
    }
    if (held >= limit) {
      return false;
    }
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO quota_slots (id, owner, until) VALUES (?, ?, ?)")) {
      s.setString(1, slotId);
      s.setString(2, owner);
      s.setLong(3, until.toEpochMilli());
      s.executeUpdate();
    }
    return true;
  }

  public static void releaseSlot(Connection c, String owner, String slotId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM quota_slots WHERE id = ? AND owner = ?")) {
      s.setString(1, slotId);
      s.setString(2, owner);
      s.executeUpdate();
    }
  }

  /** The owner's bucket row, full, if it is not there yet. */
  private static void ensureBucket(Connection c, String owner, int burst, long at)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO quota_buckets (owner, tokens, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (owner) DO NOTHING")) {
      s.setString(1, owner);
      s.setDouble(2, burst);
      s.setLong(3, at);
      s.executeUpdate();
    }
  }
}
