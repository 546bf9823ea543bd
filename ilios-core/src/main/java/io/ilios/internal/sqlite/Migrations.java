package io.ilios.internal.sqlite;

import io.ilios.StoreException;
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
              List.of(
                  "PRAGMA application_id = " + APPLICATION_ID,
                  """
                  CREATE TABLE jobs (
                    id              INTEGER PRIMARY KEY,
                    owner           TEXT    NOT NULL,
                    type            TEXT    NOT NULL,
                    status          TEXT    NOT NULL CHECK (status IN
                                      ('PENDING','PROCESSING','COMPLETED','FAILED','CANCELLED')),
                    priority        INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 10),
                    attempts        INTEGER NOT NULL DEFAULT 0,
                    max_attempts    INTEGER NOT NULL CHECK (max_attempts >= 1),
                    timeout_ms      INTEGER NOT NULL,
                    payload         TEXT    NOT NULL,
                    result          TEXT,
                    error           TEXT,
                    idempotency_key TEXT,
                    worker_id       TEXT,
                    lease_token     INTEGER NOT NULL DEFAULT 0,
                    lease_until     INTEGER,
                    created_at      INTEGER NOT NULL,
                    scheduled_at    INTEGER NOT NULL,
                    started_at      INTEGER,
                    finished_at     INTEGER
                  )""",
                  // The claim reads this index in order and stops after LIMIT rows.
                  "CREATE INDEX jobs_pending ON jobs (priority DESC, scheduled_at, id)"
                      + " WHERE status = 'PENDING'",
                  // The rescue of expired leases reads only running jobs.
                  "CREATE INDEX jobs_leases ON jobs (lease_until) WHERE status = 'PROCESSING'",
                  "CREATE UNIQUE INDEX jobs_idempotency ON jobs (owner, idempotency_key)"
                      + " WHERE idempotency_key IS NOT NULL")),
          new Migration(
              2,
              List.of(
                  """
                  CREATE TABLE batches (
                    id           TEXT    PRIMARY KEY,
                    owner        TEXT    NOT NULL,
                    priority     INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 10),
                    total        INTEGER NOT NULL CHECK (total >= 1),
                    created_at   INTEGER NOT NULL,
                    completed_at INTEGER
                  )""",
                  // A document's status and error are its job's; metadata columns are set by the
                  // completion that stores its pages.
                  """
                  CREATE TABLE documents (
                    id             TEXT    PRIMARY KEY,
                    owner          TEXT    NOT NULL,
                    job_id         INTEGER NOT NULL UNIQUE REFERENCES jobs (id),
                    batch_id       TEXT    REFERENCES batches (id),
                    batch_index    INTEGER NOT NULL DEFAULT 0,
                    file_name      TEXT    NOT NULL,
                    mime_type      TEXT    NOT NULL,
                    size           INTEGER NOT NULL,
                    blob_key       TEXT,
                    retention_days INTEGER NOT NULL CHECK (retention_days BETWEEN 1 AND 3650),
                    created_at     INTEGER NOT NULL,
                    expires_at     INTEGER NOT NULL,
                    archived_at    INTEGER,
                    model          TEXT,
                    pages          INTEGER,
                    processing_ms  INTEGER,
                    input_tokens   INTEGER,
                    output_tokens  INTEGER,
                    base_micros    INTEGER,
                    margin_bp      INTEGER
                  )""",
                  "CREATE UNIQUE INDEX documents_batch ON documents (batch_id, batch_index)"
                      + " WHERE batch_id IS NOT NULL",
                  // The retention sweeper reads only documents not archived yet, oldest expiry
                  // first.
                  "CREATE INDEX documents_expiry ON documents (expires_at)"
                      + " WHERE archived_at IS NULL",
                  """
                  CREATE TABLE document_pages (
                    document_id TEXT    NOT NULL REFERENCES documents (id),
                    page        INTEGER NOT NULL,
                    markdown    TEXT    NOT NULL,
                    PRIMARY KEY (document_id, page)
                  ) WITHOUT ROWID""",
                  """
                  CREATE TABLE usage (
                    id            INTEGER PRIMARY KEY,
                    owner         TEXT    NOT NULL,
                    document_id   TEXT    NOT NULL REFERENCES documents (id),
                    operation     TEXT    NOT NULL CHECK (operation IN
                                    ('convert', 'document', 'batch')),
                    backend       TEXT    NOT NULL,
                    model         TEXT    NOT NULL,
                    pages         INTEGER NOT NULL,
                    input_tokens  INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    base_micros   INTEGER NOT NULL,
                    margin_bp     INTEGER NOT NULL,
                    total_micros  INTEGER NOT NULL,
                    created_at    INTEGER NOT NULL
                  )""",
                  "CREATE INDEX usage_owner_time ON usage (owner, created_at)")),
          new Migration(
              3,
              List.of(
                  // Milliseconds per page, comma-separated, when the backend reports them.
                  "ALTER TABLE documents ADD COLUMN page_times_ms TEXT")),
          new Migration(
              4,
              List.of(
                  // The leftover sweep asks which stored originals a document still refers to.
                  "CREATE INDEX documents_blob ON documents (blob_key) WHERE blob_key IS NOT NULL")));

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
