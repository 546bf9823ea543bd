package io.ilios.server;

import io.ilios.Ilios;
import io.ilios.postgres.PostgresJobStore;
import io.ilios.testing.IliosFixture;

/** Every server test again, on a real Postgres server (a new database per test). */
class PostgresServerTest extends ServerTest {

  @Override
  protected Ilios startIlios(IliosFixture fixture) {
    PostgresJobStore store =
        PostgresJobStore.builder().jdbcUrl(TestPostgres.newDatabase()).user("ilios").build();
    alsoClose.add(store);
    return fixture.start(fixture.builder().store(store));
  }
}
