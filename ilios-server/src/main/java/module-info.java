/**
 * The reference HTTP server: the original service's API over an {@code Ilios}. {@code
 * io.ilios.server} is its API (the server, its configuration, API keys, limits); the handlers are
 * internal.
 */
// Micrometer's Prometheus registry ships an Automatic-Module-Name, no descriptor.
@SuppressWarnings("requires-automatic")
module io.ilios.server {
  requires transitive io.ilios.core;
  requires io.ilios.micrometer;
  requires io.javalin;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.util;
  requires com.fasterxml.jackson.databind;
  requires micrometer.core;
  requires micrometer.registry.prometheus;
  requires org.slf4j;
  requires java.net.http;

  exports io.ilios.server;
}
