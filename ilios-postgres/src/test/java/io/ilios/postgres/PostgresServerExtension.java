package io.ilios.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link PostgresServer} for a test class: started before its first test, stopped and deleted
 * after its last. Register as {@code @RegisterExtension static final PostgresServerExtension}.
 */
final class PostgresServerExtension implements BeforeAllCallback, AfterAllCallback {
  private PostgresServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = new PostgresServer();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server.close();
  }

  PostgresServer server() {
    return server;
  }
}
