package io.ilios.spring;

import io.ilios.Ilios;
import io.ilios.micrometer.IliosMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Ilios's meters ({@link IliosMetrics}: queue depth, wait, claim-to-start and run times,
 * conversions and pages by backend and outcome, failures by reason, store errors) when Micrometer
 * and {@code ilios-micrometer} are on the class path. The binder is a bean; Spring Boot binds every
 * {@code MeterBinder} bean to the application's registry.
 */
@AutoConfiguration(after = IliosAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, IliosMetrics.class})
@ConditionalOnBean(Ilios.class)
public class IliosMetricsAutoConfiguration {
  /** Made by Spring Boot from the auto-configuration imports. */
  public IliosMetricsAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean
  IliosMetrics iliosMetrics(Ilios ilios) {
    return IliosMetrics.of(ilios);
  }
}
