package io.ilios.internal.sqlite;

import static io.ilios.internal.store.Schema.Dialect.SQLITE;

import io.ilios.StoreException;
import io.ilios.internal.store.Schema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema, as forward-only migrations. {@code PRAGMA user_version} records the last one
 * applied; {@code PRAGMA application_id} marks the file as Ilios's so that a foreign database is
 * recognised and left alone.
 */
public final class Migrations {
  /** "ILIO" in ASCII: the application id written into every Ilios database header. */
  public static final int APPLICATION_ID = 0x494C494F;

  private record Migration(int version, List<String> statements) {}

  private static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              Schema.concat(
                  List.of("PRAGMA application_id = " + APPLICATION_ID), Schema.jobs(SQLITE))),
          new Migration(2, Schema.documents(SQLITE)),
          new Migration(3, List.of(Schema.PAGE_TIMES)),
          new Migration(4, List.of(Schema.BLOB_INDEX)),
          new Migration(5, Schema.batchCounts(SQLITE)),
          new Migration(6, Schema.originals(SQLITE)),
          new Migration(7, Schema.apiKeys(SQLITE)),
          new Migration(8, Schema.followUps(SQLITE)),
          new Migration(9, Schema.quotas(SQLITE)),
          new Migration(10, Schema.followUpAttempts(SQLITE)));

  private Migrations() {}

  /** The schema version this build writes. */
  public static int latest() {
    return ALL.get(ALL.size() - 1).version();
  }

  /** Applies every migration newer than {@code current}, each in its own transaction. */
  static void migrate(Connection connection, int current, Path file) {
    for (Migration m : ALL) {
      if (m.version() <= current) {
        continue;
      }
      try (Statement s = connection.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        try {
          for (String sql : m.statements()) {
            s.execute(sql);
          }
          s.execute("PRAGMA user_version = " + m.version());
          s.execute("COMMIT");
        } catch (SQLException e) {
          s.execute("ROLLBACK");
          throw e;
        }
      } catch (SQLException e) {
        throw new StoreException(
            "cannot migrate " + file + " to schema version " + m.version() + ": " + e.getMessage(),
            e);
      }
    }
  }
}
