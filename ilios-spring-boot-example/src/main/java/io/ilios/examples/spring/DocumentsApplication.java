package io.ilios.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application with the Ilios starter and nothing else of Ilios's: the {@code Ilios}
 * bean, its services, health, metrics and the reference endpoints all come from {@code
 * application.properties}. {@link DocumentsController} is the application's own controller.
 */
@SpringBootApplication
public class DocumentsApplication {
  public static void main(String[] args) {
    SpringApplication.run(DocumentsApplication.class, args);
  }
}
