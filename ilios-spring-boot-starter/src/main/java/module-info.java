/**
 * Ilios in a Spring Boot 4 application: auto-configuration of the {@code Ilios} bean and its
 * services from {@code ilios.*} properties, its workers in Spring's lifecycle, health, meters and
 * the reference endpoints. {@code io.ilios.spring} is its API; how properties become backends and
 * stores is internal. Spring's modules ship Automatic-Module-Names, no descriptors.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.ilios.spring {
  requires transitive io.ilios.core;
  requires io.ilios.local;
  requires static io.ilios.mistral;
  requires static io.ilios.s3;
  requires static io.ilios.postgres;
  requires transitive io.ilios.micrometer;
  requires static io.ilios.server;
  requires transitive micrometer.core;
  requires static jakarta.servlet;
  requires static transitive spring.boot.health;
  requires transitive spring.boot;
  requires transitive spring.boot.autoconfigure;
  requires transitive spring.context;
  requires spring.beans;
  requires transitive spring.core;
  requires java.sql;

  exports io.ilios.spring;

  // Spring reads the configuration classes and binds the properties reflectively.
  opens io.ilios.spring to
      spring.core,
      spring.beans,
      spring.context;

  uses io.ilios.spi.OcrBackendFactory;
}
