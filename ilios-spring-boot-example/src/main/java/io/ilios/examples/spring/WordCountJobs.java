package io.ilios.examples.spring;

import io.ilios.JobType;
import io.ilios.spring.IliosBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A plain job of the application's own, run by Ilios's workers: the starter applies every {@link
 * IliosBuilderCustomizer} bean to the builder before the {@code Ilios} bean is built.
 */
@Configuration(proxyBeanMethods = false)
public class WordCountJobs {
  // tag::customizer[]
  /** Counts the words of a text; queued with {@code jobs.submit(WORDS, text, options)}. */
  public static final JobType<String> WORDS = JobType.text("word-count");

  @Bean
  IliosBuilderCustomizer wordCount() {
    return builder ->
        builder.handle(WORDS, (text, job) -> Integer.toString(text.strip().split("\\s+").length));
  }
  // end::customizer[]
}
