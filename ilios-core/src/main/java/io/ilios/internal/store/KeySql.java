package io.ilios.internal.store;

import io.ilios.ApiKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements on the {@code api_keys} table, in SQL that SQLite and Postgres both run. Keys are
 * few and read once per request, so statements are prepared per call.
 */
public final class KeySql {
  private static final String COLUMNS =
      "id, owner, name, limits, created_at, revoked_at, webhook_url";

  private KeySql() {}

  public static void add(Connection c, ApiKey key, String digest) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO api_keys (id, owner, name, digest, limits, created_at, webhook_url)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, key.id());
      s.setString(2, key.owner());
      s.setString(3, key.name());
      s.setString(4, digest);
      if (key.limits().isPresent()) {
        s.setString(5, key.limits().get());
      } else {
        s.setNull(5, Types.VARCHAR);
      }
      s.setLong(6, key.createdAt().toEpochMilli());
      if (key.webhookUrl().isPresent()) {
        s.setString(7, key.webhookUrl().get());
      } else {
        s.setNull(7, Types.VARCHAR);
      }
      s.executeUpdate();
    }
  }

  public static Optional<ApiKey> byDigest(Connection c, String digest) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE digest = ?")) {
      s.setString(1, digest);
      List<ApiKey> found = read(s);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  public static List<ApiKey> all(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id")) {
      return read(s);
    }
  }

  public static boolean revoke(Connection c, String id, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
      s.setLong(1, now.toEpochMilli());
      s.setString(2, id);
      return s.executeUpdate() == 1;
    }
  }

  private static List<ApiKey> read(PreparedStatement s) throws SQLException {
    List<ApiKey> keys = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        long revoked = rs.getLong(6);
        Optional<Instant> revokedAt =
            rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked));
        keys.add(
            new ApiKey(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Optional.ofNullable(rs.getString(4)),
                Optional.ofNullable(rs.getString(7)),
                Instant.ofEpochMilli(rs.getLong(5)),
                revokedAt));
      }
    }
    return keys;
  }
}
