package io.ilios.internal.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs passive WAL checkpoints on its own connection and thread, so that no commit on the shared
 * connection ever waits for one. A passive checkpoint never blocks writers; once it has copied
 * every frame, the next writer starts the WAL from the beginning and the file stops growing.
 */
public final class Checkpointer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  private final Connection connection;
  private final AtomicLong writes;
  private final long intervalNanos;
  private final Thread thread;
  private volatile boolean closed;

  public Checkpointer(Path file, Duration interval, AtomicLong writes) {
    this.connection = SqliteFiles.connect(file, Duration.ZERO);
    this.writes = writes;
    this.intervalNanos = interval.toNanos();
    this.thread = new Thread(this::run, "ilios-checkpoint");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long seen = -1;
    while (!closed) {
      java.util.concurrent.locks.LockSupport.parkNanos(this, intervalNanos);
      long now = writes.get();
      if (now == seen || closed) {
        continue;
      }
      seen = now;
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        while (rs.next()) {
          // Read to the end so the statement finishes.
        }
      } catch (SQLException e) {
        if (!closed) {
          log.warn("WAL checkpoint failed: {}", e.getMessage());
        }
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    java.util.concurrent.locks.LockSupport.unpark(thread);
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SqliteFiles.closeQuietly(connection);
  }
}
