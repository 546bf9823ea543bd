package io.ilios.postgres.internal;

import io.ilios.StoreException;
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
              List.of(
                  """
                  CREATE TABLE jobs (
                    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    owner           TEXT    NOT NULL,
                    type            TEXT    NOT NULL,
                    status          TEXT    NOT NULL CHECK (status IN
                                      ('PENDING','PROCESSING','COMPLETED','FAILED','CANCELLED')),
                    priority        INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 10),
                    attempts        INTEGER NOT NULL DEFAULT 0,
                    max_attempts    INTEGER NOT NULL CHECK (max_attempts >= 1),
                    timeout_ms      BIGINT  NOT NULL,
                    payload         TEXT    NOT NULL,
                    result          TEXT,
                    error           TEXT,
                    idempotency_key TEXT,
                    worker_id       TEXT,
                    lease_token     BIGINT  NOT NULL DEFAULT 0,
                    lease_until     BIGINT,
                    created_at      BIGINT  NOT NULL,
                    scheduled_at    BIGINT  NOT NULL,
                    started_at      BIGINT,
                    finished_at     BIGINT
                  )""",
                  // The claim walks this index in queue order and stops after LIMIT rows.
                  "CREATE INDEX jobs_pending ON jobs (priority DESC, scheduled_at, id)"
                      + " WHERE status = 'PENDING'",
                  "CREATE INDEX jobs_leases ON jobs (lease_until) WHERE status = 'PROCESSING'",
                  "CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key)"
                      + " WHERE idempotency_key IS NOT NULL",
                  """
                  CREATE TABLE batches (
                    id           TEXT    PRIMARY KEY,
                    owner        TEXT    NOT NULL,
                    priority     INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 10),
                    total        INTEGER NOT NULL CHECK (total >= 1),
                    created_at   BIGINT  NOT NULL,
                    completed_at BIGINT
                  )""",
                  """
                  CREATE TABLE documents (
                    id             TEXT    PRIMARY KEY,
                    owner          TEXT    NOT NULL,
                    job_id         BIGINT  NOT NULL UNIQUE REFERENCES jobs (id),
                    batch_id       TEXT    REFERENCES batches (id),
                    batch_index    INTEGER NOT NULL DEFAULT 0,
                    file_name      TEXT    NOT NULL,
                    mime_type      TEXT    NOT NULL,
                    size           BIGINT  NOT NULL,
                    blob_key       TEXT,
                    retention_days INTEGER NOT NULL CHECK (retention_days BETWEEN 1 AND 3650),
                    created_at     BIGINT  NOT NULL,
                    expires_at     BIGINT  NOT NULL,
                    archived_at    BIGINT,
                    model          TEXT,
                    pages          INTEGER,
                    processing_ms  BIGINT,
                    input_tokens   BIGINT,
                    output_tokens  BIGINT,
                    base_micros    BIGINT,
                    margin_bp      INTEGER,
                    page_times_ms  TEXT
                  )""",
                  "CREATE UNIQUE INDEX documents_batch ON documents (batch_id, batch_index)"
                      + " WHERE batch_id IS NOT NULL",
                  "CREATE INDEX documents_expiry ON documents (expires_at)"
                      + " WHERE archived_at IS NULL",
                  """
                  CREATE TABLE document_pages (
                    document_id TEXT    NOT NULL REFERENCES documents (id),
                    page        INTEGER NOT NULL,
                    markdown    TEXT    NOT NULL,
                    PRIMARY KEY (document_id, page)
                  )""",
                  """
                  CREATE TABLE usage (
                    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    owner         TEXT    NOT NULL,
                    document_id   TEXT    NOT NULL REFERENCES documents (id),
                    operation     TEXT    NOT NULL CHECK (operation IN
                                    ('convert', 'document', 'batch')),
                    backend       TEXT    NOT NULL,
                    model         TEXT    NOT NULL,
                    pages         INTEGER NOT NULL,
                    input_tokens  BIGINT  NOT NULL,
                    output_tokens BIGINT  NOT NULL,
                    base_micros   BIGINT  NOT NULL,
                    margin_bp     INTEGER NOT NULL,
                    total_micros  BIGINT  NOT NULL,
                    created_at    BIGINT  NOT NULL
                  )""",
                  "CREATE INDEX usage_owner_time ON usage (owner, created_at)")));

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
