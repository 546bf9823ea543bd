package io.ilios.spring;

import io.ilios.IliosBuilder;

/**
 * Changes the builder of the auto-configured {@code Ilios} before it is built: register plain-job
 * handlers, set a retry policy, a clock, anything {@code ilios.*} does not cover. Every bean of
 * this type is applied, in {@link org.springframework.core.Ordered} order, after the properties.
 *
 * <pre>{@code
 * @Bean
 * IliosBuilderCustomizer thumbnails(ThumbnailHandler handler) {
 *   return builder -> builder.handle(ThumbnailHandler.TYPE, handler);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface IliosBuilderCustomizer {
  void customize(IliosBuilder builder);
}
