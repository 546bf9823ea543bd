package io.ilios.server;

import io.ilios.IliosBuilder;
import io.ilios.postgres.PostgresJobStore;
import io.ilios.postgres.PostgresServer;
import io.ilios.testing.IliosFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every webhook test again on a real Postgres server: one database per test, kept over restarts.
 */
class PostgresWebhooksTest extends WebhooksTest {
  static PostgresServer postgres;
  String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = new PostgresServer();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void database() {
    url = postgres.newDatabase();
  }

  @Override
  protected IliosBuilder builder(IliosFixture f) {
    PostgresJobStore store = PostgresJobStore.builder().jdbcUrl(url).user("ilios").build();
    alsoClose.add(store);
    return f.builder().store(store);
  }
}
