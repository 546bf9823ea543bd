package io.ilios.internal.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints the WAL on its own connection and thread, so that commits on the shared connection do
 * not run checkpoints themselves (SQLite's automatic checkpoint stalls the commit that triggers it
 * for milliseconds).
 *
 * <p>Each round runs a passive checkpoint, which copies frames without blocking writers. Under a
 * steady stream of writes that alone never catches up, and SQLite rewinds the WAL only when every
 * frame has been copied, so the WAL and its index would grow without bound and every commit would
 * slow down. So at most once per {@link #CATCH_UP_INTERVAL}, a second passive checkpoint runs while
 * holding the store's write lock: it copies only the few frames written since the first one, and
 * the next commit rewinds the WAL.
 */
public final class Checkpointer implements AutoCloseable {
  /** How often the WAL is brought to a full checkpoint so that it can be rewound. */
  public static final Duration CATCH_UP_INTERVAL = Duration.ofSeconds(1);

  /** A WAL this long (16 MiB of 4 KiB pages) is caught up at once, whatever the interval. */
  public static final int CATCH_UP_FRAMES = 4096;

  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  private final Connection connection;
  private final AtomicLong writes;
  private volatile boolean catchUpDue;
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
    long lastCatchUp = System.nanoTime();
    while (!closed) {
      LockSupport.parkNanos(this, intervalNanos);
      long now = writes.get();
      if (now == seen || closed) {
        continue;
      }
      seen = now;
      try {
        int frames = checkpoint(connection);
        if (frames >= CATCH_UP_FRAMES
            || System.nanoTime() - lastCatchUp >= CATCH_UP_INTERVAL.toNanos()) {
          lastCatchUp = System.nanoTime();
          catchUpDue = true;
        }
      } catch (SQLException e) {
        if (!closed) {
          log.warn("WAL checkpoint failed: {}", e.getMessage());
        }
      }
    }
  }

  /**
   * Whether a catch-up pass is due; clears the request. The store calls this after each commit,
   * under its lock, and then runs {@link #checkpoint(Connection)} on its own connection.
   */
  public boolean takeCatchUp() {
    if (!catchUpDue) {
      return false;
    }
    catchUpDue = false;
    return true;
  }

  /** Runs a passive checkpoint on {@code connection}; returns how many frames the WAL holds. */
  public static int checkpoint(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      int frames = 0;
      while (rs.next()) {
        frames = rs.getInt(2); // columns: busy, frames in the WAL, frames checkpointed
      }
      return frames;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SqliteFiles.closeQuietly(connection);
  }
}
