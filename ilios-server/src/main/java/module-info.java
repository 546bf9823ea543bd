/**
 * The reference HTTP server: the original service's API over an {@code Ilios}. {@code
 * io.ilios.server} is its API (the server, its configuration, API keys); the handlers are internal.
 */
module io.ilios.server {
  requires transitive io.ilios.core;
  requires io.javalin;
  requires org.eclipse.jetty.server;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.ilios.server;
}
