/**
 * Ilios: documents to Markdown, with a durable job queue and an in-process worker pool.
 *
 * <p>The API is {@code io.ilios}; {@code io.ilios.spi} is what other modules implement (job store,
 * blob store, OCR backend); {@code io.ilios.store} and {@code io.ilios.blob} hold the SQLite store
 * and the local blob store. Everything under {@code io.ilios.internal} is machinery: a few packages
 * are shared with the other Ilios modules by name, none with applications.
 */
// The modules named in qualified exports are built after this one.
@SuppressWarnings("module")
module io.ilios.core {
  requires java.sql;
  requires org.slf4j;
  requires org.xerial.sqlitejdbc;
  requires com.fasterxml.jackson.databind;

  exports io.ilios;
  exports io.ilios.spi;
  exports io.ilios.store;
  exports io.ilios.blob;

  // Argument checks with the same messages everywhere.
  exports io.ilios.internal to
      io.ilios.local,
      io.ilios.mistral,
      io.ilios.s3,
      io.ilios.postgres;
  // The document, batch and usage SQL and the job row mapping every JDBC store shares.
  exports io.ilios.internal.store to
      io.ilios.postgres;
  // File types from bytes and names, and safe file names, for the command.
  exports io.ilios.internal.convert to
      io.ilios.cli;
  exports io.ilios.internal.export to
      io.ilios.cli;
  // The original service's JSON shapes, for the command and the server.
  exports io.ilios.internal.wire to
      io.ilios.cli,
      io.ilios.server;

  // Job payloads and export lines are JSON records read and written by Jackson.
  opens io.ilios.internal.convert to
      com.fasterxml.jackson.databind;
  opens io.ilios.internal.export to
      com.fasterxml.jackson.databind;
  opens io.ilios.internal.json to
      com.fasterxml.jackson.databind;
}
