/**
 * The reference HTTP server: the original service's API over an {@code Ilios}. {@code
 * io.ilios.server} is its API (the server, its configuration, API keys, limits); the handlers are
 * internal.
 */
// Micrometer ships Automatic-Module-Names, no descriptors; IliosServlet takes a MeterRegistry.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.ilios.server {
  requires transitive io.ilios.core;
  requires io.ilios.micrometer;
  requires io.javalin;
  requires transitive jakarta.servlet;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.util;
  requires com.fasterxml.jackson.databind;
  requires transitive micrometer.core;
  requires micrometer.registry.prometheus;
  requires org.slf4j;
  requires java.net.http;

  exports io.ilios.server;
}
