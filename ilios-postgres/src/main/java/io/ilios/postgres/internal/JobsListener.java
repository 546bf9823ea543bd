package io.ilios.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for other nodes' submits ({@code NOTIFY}) on a connection of its own and calls the
 * registered listeners. When the connection breaks (the server restarted, the network blinked) it
 * reconnects with a growing pause; notifications sent meanwhile are lost, which polling covers.
 */
public final class JobsListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobsListener.class);
  private static final int WAIT_MS = 500;

  private final DataSource dataSource;
  private final String channel;
  private final String where;
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private final CountDownLatch listening = new CountDownLatch(1);

  public JobsListener(DataSource dataSource, String channel, String where) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.where = where;
    this.thread = new Thread(this::run, "ilios-postgres-listen");
    thread.setDaemon(true);
    thread.start();
  }

  public void add(Runnable listener) {
    listeners.add(listener);
  }

  public void remove(Runnable listener) {
    listeners.remove(listener);
  }

  private void run() {
    long pauseMs = 100;
    while (running) {
      try (Connection c = dataSource.getConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        pauseMs = 100;
        // Jobs may have been added while not listening.
        tell();
        listening.countDown();
        while (running) {
          PGNotification[] got = pg.getNotifications(WAIT_MS);
          if (got != null && got.length > 0) {
            tell(); // one wake-up for any number of notifications
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        log.warn(
            "listening for jobs on {} failed; retrying in {} ms: {}",
            where,
            pauseMs,
            e.getMessage());
        try {
          Thread.sleep(pauseMs);
        } catch (InterruptedException interrupted) {
          return;
        }
        pauseMs = Math.min(pauseMs * 2, 5_000);
      }
    }
  }

  /** Waits until the first {@code LISTEN} is in place (and its catch-up call made). */
  public boolean awaitListening(Duration timeout) throws InterruptedException {
    return listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tell() {
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        log.warn("a jobs listener failed: {}", e.toString());
      }
    }
  }

  /** Stops listening and gives the connection back. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(WAIT_MS * 4L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
