package io.ilios.spring;

import static io.ilios.spring.internal.Invalid.check;
import static io.ilios.spring.internal.Invalid.checked;
import static io.ilios.spring.internal.Invalid.missing;
import static io.ilios.spring.internal.Invalid.property;

import io.ilios.Ilios;
import io.ilios.server.IliosServlet;
import io.ilios.server.Limits;
import io.ilios.server.ServerConfig;
import io.ilios.server.Webhooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code ilios.web.enabled=true}: the reference server's endpoints under {@code
 * ilios.web.prefix}, served by the server module's own handlers ({@link IliosServlet}) in the
 * application's servlet container, so paths, JSON, API keys, limits and webhooks are the same as
 * {@code ilios serve}'s. A setting that cannot be served (no ilios-server, no servlet web
 * application) fails the start naming {@code ilios.web.enabled}.
 */
@AutoConfiguration(after = IliosAutoConfiguration.class)
@ConditionalOnProperty(prefix = "ilios.web", name = "enabled", havingValue = "true")
public class IliosWebAutoConfiguration {
  /** Made by Spring Boot from the auto-configuration imports. */
  public IliosWebAutoConfiguration() {}

  /** The endpoints, in a servlet web application with {@code ilios-server}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({IliosServlet.class, ServletRegistrationBean.class})
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class Endpoints {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(
        prefix = "ilios.web",
        name = "webhooks",
        havingValue = "true",
        matchIfMissing = true)
    Webhooks iliosWebhooks(IliosProperties properties) {
      return properties.getWeb().isWebhooksToPrivateAddresses()
          ? Webhooks.allowingPrivateAddresses(Duration.ofSeconds(10))
          : Webhooks.create();
    }

    /** Registers the webhook deliveries' job handler with the Ilios being built. */
    @Bean
    @ConditionalOnBean(Webhooks.class)
    IliosBuilderCustomizer iliosWebhooksHandler(Webhooks webhooks) {
      return webhooks::install;
    }

    @Bean
    @ConditionalOnBean(Ilios.class)
    @ConditionalOnMissingBean(name = "iliosServlet")
    ServletRegistrationBean<IliosServlet> iliosServlet(
        Ilios ilios,
        IliosProperties properties,
        ObjectProvider<Webhooks> webhooks,
        ObjectProvider<MeterRegistry> registry) {
      IliosProperties.Web web = properties.getWeb();
      String prefix = prefix(web.getPrefix());
      Path uploads = properties.getDataDirectory().resolve("uploads");
      ServerConfig.Builder config =
          ServerConfig.builder()
              .maxUploadSize(web.getMaxUploadSize().toBytes())
              .uploadDirectory(uploads)
              .allowAnonymousRemote(web.isAllowAnonymousRemote());
      IliosProperties.Limits l = web.getLimits();
      check(
          "ilios.web.limits",
          l.getRequestsPerSecond(),
          () ->
              config.defaultLimits(
                  new Limits(
                      l.getRequestsPerSecond(),
                      l.getBurst(),
                      l.getConcurrentConversions(),
                      l.getPagesPerDay())));
      webhooks.ifAvailable(config::webhooks);
      ServerConfig server =
          checked("ilios.web.max-upload-size", web.getMaxUploadSize(), config::build);
      IliosServlet servlet =
          IliosServlet.create(ilios, server, registry.getIfUnique(CompositeMeterRegistry::new));
      ServletRegistrationBean<IliosServlet> registration =
          new ServletRegistrationBean<>(servlet, prefix + "/*");
      registration.setName("iliosServlet");
      registration.setMultipartConfig(servlet.multipartConfig());
      registration.setLoadOnStartup(1);
      return registration;
    }

    /** {@code /ilios}: a leading slash, no trailing one, no wildcard; not the root. */
    static String prefix(String prefix) {
      if (prefix == null
          || !prefix.startsWith("/")
          || prefix.endsWith("/")
          || prefix.contains("*")
          || prefix.contains("//")) {
        throw property(
            "ilios.web.prefix",
            prefix,
            "a path such as /ilios: a leading slash, no trailing slash, no wildcard");
      }
      return prefix;
    }
  }

  /** Enabled without the server module: a clear start-up failure. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingClass("io.ilios.server.IliosServlet")
  static class ServerMissing {
    ServerMissing() {
      throw missing("ilios.web.enabled", true, "io.ilios:ilios-server");
    }
  }

  /** Enabled in an application that serves no HTTP: a clear start-up failure. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnNotWebApplication
  static class NotAWebApplication {
    NotAWebApplication() {
      throw property(
          "ilios.web.enabled",
          true,
          "the endpoints need a servlet web application (spring-boot-starter-webmvc)");
    }
  }
}
