package io.ilios.internal.sqlite;

import io.ilios.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

/**
 * Opens Ilios database files. A file that is not an SQLite database, belongs to another
 * application, or was written by a newer Ilios is rejected before anything is written to it.
 */
public final class SqliteFiles {
  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private SqliteFiles() {}

  /**
   * Opens {@code file} (creating it and its folder if missing), checks that it is an Ilios database
   * or empty, sets WAL mode and the given pragmas, and applies migrations.
   */
  public static Connection openAndMigrate(
      Path file, Duration busyTimeout, String synchronous, boolean autoCheckpoint) {
    checkHeader(file);
    Connection c = connect(file, busyTimeout);
    try {
      int applicationId = queryInt(c, "PRAGMA application_id");
      int version = queryInt(c, "PRAGMA user_version");
      int objects = queryInt(c, "SELECT count(*) FROM sqlite_master");
      if (applicationId != Migrations.APPLICATION_ID && !(applicationId == 0 && objects == 0)) {
        throw new StoreException(
            file
                + " is an SQLite database of another application (application_id "
                + applicationId
                + ", "
                + objects
                + " schema objects); Ilios left it untouched");
      }
      if (version > Migrations.latest()) {
        throw new StoreException(
            file
                + " has schema version "
                + version
                + ", written by a newer Ilios; this version knows versions up to "
                + Migrations.latest());
      }
      try (Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
          String mode = rs.next() ? rs.getString(1) : "?";
          if (!"wal".equalsIgnoreCase(mode)) {
            throw new StoreException(file + " cannot use WAL mode (journal_mode is " + mode + ")");
          }
        }
        s.execute("PRAGMA synchronous = " + synchronous);
        s.execute("PRAGMA foreign_keys = ON");
        // Background checkpoints replace the automatic one, which would stall a commit.
        s.execute("PRAGMA wal_autocheckpoint = " + (autoCheckpoint ? 1000 : 0));
        s.execute("PRAGMA journal_size_limit = " + (64L << 20));
      }
      Migrations.migrate(c, version, file);
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StoreException(
          file + " cannot be read as an SQLite database (corrupt?): " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** A plain connection to an existing database: for checkpoints and secondary readers. */
  public static Connection connect(Path file, Duration busyTimeout) {
    Properties p = new Properties();
    // Only connection-local settings here: nothing that writes to the file before it is checked.
    p.setProperty("busy_timeout", Long.toString(busyTimeout.toMillis()));
    try {
      return DriverManager.getConnection("jdbc:sqlite:" + file, p);
    } catch (SQLException e) {
      throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkHeader(Path file) {
    try {
      if (!Files.exists(file)) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        createOwnerOnly(file);
        return;
      }
      if (Files.size(file) == 0) {
        return;
      }
      byte[] head = new byte[HEADER.length];
      int n;
      try (InputStream in = Files.newInputStream(file)) {
        n = in.readNBytes(head, 0, head.length);
      }
      if (n < HEADER.length || !Arrays.equals(head, HEADER)) {
        throw new StoreException(
            file + " is not an SQLite database (wrong file header); Ilios left it untouched");
      }
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the empty database file readable by its owner only; SQLite gives its WAL and shared
   * memory files the permissions of the database file. Documents' text and usage live there.
   */
  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: SQLite creates it with the folder's inherited access control
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // another process created it meanwhile; it checks it as we would
    }
  }

  private static int queryInt(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // Already failing or closing; the first error is the one worth reporting.
    }
  }
}
