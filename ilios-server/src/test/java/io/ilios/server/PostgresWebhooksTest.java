package io.ilios.server;

import io.ilios.IliosBuilder;
import io.ilios.postgres.PostgresJobStore;
import io.ilios.testing.IliosFixture;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every webhook test again on a real Postgres server: one database per test, kept over restarts.
 */
class PostgresWebhooksTest extends WebhooksTest {
  String url;

  @BeforeEach
  void database() {
    url = TestPostgres.newDatabase();
  }

  @Override
  protected IliosBuilder builder(IliosFixture f) {
    PostgresJobStore store = PostgresJobStore.builder().jdbcUrl(url).user("ilios").build();
    alsoClose.add(store);
    return f.builder().store(store);
  }
}
