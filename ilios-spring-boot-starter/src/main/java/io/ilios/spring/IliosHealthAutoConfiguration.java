package io.ilios.spring;

import io.ilios.Ilios;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link IliosHealthIndicator} as the {@code ilios} health contributor when Actuator's health
 * support is on the class path; {@code management.health.ilios.enabled=false} turns it off.
 */
@AutoConfiguration(after = IliosAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Ilios.class)
@ConditionalOnEnabledHealthIndicator("ilios")
public class IliosHealthAutoConfiguration {
  /** Made by Spring Boot from the auto-configuration imports. */
  public IliosHealthAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(name = "iliosHealthIndicator")
  IliosHealthIndicator iliosHealthIndicator(Ilios ilios, ObjectProvider<Clock> clock) {
    return new IliosHealthIndicator(ilios, clock.getIfUnique(Clock::systemUTC));
  }
}
