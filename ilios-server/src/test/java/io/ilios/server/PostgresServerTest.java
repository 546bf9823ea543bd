package io.ilios.server;

import io.ilios.Ilios;
import io.ilios.postgres.PostgresJobStore;
import io.ilios.postgres.PostgresServer;
import io.ilios.testing.IliosFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every server test again, on a real Postgres server (a new database per test). */
class PostgresServerTest extends ServerTest {
  static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = new PostgresServer();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Override
  protected Ilios startIlios(IliosFixture fixture) {
    PostgresJobStore store =
        PostgresJobStore.builder().jdbcUrl(postgres.newDatabase()).user("ilios").build();
    alsoClose.add(store);
    return fixture.start(fixture.builder().store(store));
  }
}
