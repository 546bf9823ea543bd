package io.ilios.postgres.internal;

import static io.ilios.internal.store.Schema.Dialect.POSTGRES;

import io.ilios.StoreException;
import io.ilios.internal.store.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The Postgres schema as forward-only migrations. Table {@code ilios_schema} records the version;
 * migrations run under a transaction-scoped advisory lock, so nodes starting together apply each
 * one once. Columns match the SQLite store's (times are epoch milliseconds), so the same document
 * statements run on both.
 */
public final class PgMigrations {
  /** "ILIO" in ASCII: the advisory lock key taken while migrating. */
  static final long LOCK_KEY = 0x494C494FL;

  private record Migration(int version, List<String> statements) {}

  private static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              Schema.concat(
                  Schema.jobs(POSTGRES),
                  // Every insert of jobs tells listening nodes, at commit, with no extra round
                  // trip; notifications repeated in one transaction are delivered once.
                  List.of(
                      """
                      CREATE FUNCTION ilios_jobs_added() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN
                        PERFORM pg_notify('ilios_jobs', '');
                        RETURN NULL;
                      END $$""",
                      "CREATE TRIGGER jobs_added AFTER INSERT ON jobs"
                          + " FOR EACH STATEMENT EXECUTE FUNCTION ilios_jobs_added()"),
                  Schema.documents(POSTGRES),
                  List.of(Schema.PAGE_TIMES))),
          new Migration(2, List.of(Schema.BLOB_INDEX)),
          new Migration(3, Schema.batchCounts(POSTGRES)),
          new Migration(4, Schema.originals(POSTGRES)),
          new Migration(5, Schema.apiKeys(POSTGRES)),
          new Migration(6, Schema.followUps(POSTGRES)),
          new Migration(7, Schema.quotas(POSTGRES)),
          new Migration(8, Schema.followUpAttempts(POSTGRES)));

  private PgMigrations() {}

  /** The schema version this build writes. */
  public static int latest() {
    return ALL.get(ALL.size() - 1).version();
  }

  /**
   * Brings the database to {@link #latest()}, in one transaction.
   *
   * @throws StoreException if the database was written by a newer Ilios (it is left unchanged)
   */
  public static void migrate(Connection c, String where) {
    try (Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      try {
        s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
        s.execute("CREATE TABLE IF NOT EXISTS ilios_schema (version INTEGER NOT NULL)");
        int current = 0;
        try (ResultSet rs = s.executeQuery("SELECT max(version) FROM ilios_schema")) {
          if (rs.next()) {
            current = rs.getInt(1);
          }
        }
        if (current > latest()) {
          throw new StoreException(
              where
                  + " holds schema version "
                  + current
                  + ", written by a newer Ilios (this one knows "
                  + latest()
                  + "); left untouched");
        }
        for (Migration m : ALL) {
          if (m.version() > current) {
            for (String sql : m.statements()) {
              s.execute(sql);
            }
            s.execute("INSERT INTO ilios_schema (version) VALUES (" + m.version() + ")");
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot migrate " + where + ": " + e.getMessage(), e);
    }
  }
}
