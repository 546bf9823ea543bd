package io.ilios.server;

import io.ilios.postgres.PostgresServer;

/**
 * One test Postgres server for every Postgres test of this module, started by the first that asks
 * and stopped when the test JVM exits; each test takes a database of its own.
 */
final class TestPostgres {
  private static PostgresServer server;

  private TestPostgres() {}

  /** A new, empty database on the shared server. */
  static synchronized String newDatabase() {
    if (server == null) {
      try {
        server = new PostgresServer();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test Postgres server", e);
      }
      PostgresServer started = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (Exception ignored) {
                      // the JVM is going away
                    }
                  }));
    }
    return server.newDatabase();
  }
}
