package io.ilios.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.spi.OcrBackend;
import io.ilios.testing.FakeOcrBackend;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The example application stopped while a conversion request is in flight: the request, which may
 * end only once the shutdown has begun, is answered in full; then no Ilios thread is left.
 */
class GracefulShutdownTest {
  @TempDir Path dir;

  @Test
  void aRequestInFlightIsAnsweredWhileTheApplicationStops() throws Exception {
    CountDownLatch converting = new CountDownLatch(1);
    CountDownLatch closing = new CountDownLatch(1);
    FakeOcrBackend slow =
        new FakeOcrBackend()
            .behaviour(
                (input, call) -> {
                  converting.countDown();
                  closing.await(); // ends only after the shutdown began
                  return FakeOcrBackend.describe(input);
                });
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(DocumentsApplication.class)
            .initializers(
                context -> context.getBeanFactory().registerSingleton("slowBackend", slow))
            .listeners(
                event -> {
                  if (event instanceof ContextClosedEvent) {
                    closing.countDown();
                  }
                })
            // Arguments, not default properties: those would lose to application.properties.
            .run("--server.port=0", "--ilios.data-directory=" + dir);
    assertThat(app.getBean(OcrBackend.class)).isSameAs(slow);
    assertThat(dir.resolve("ilios.db")).as("the test's own data directory").exists();
    int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      HttpClient http = HttpClient.newBuilder().executor(threads).build();
      CompletableFuture<HttpResponse<String>> answer =
          http.sendAsync(
              Http.uploadRequest(port, "/convert", "file", List.of(Http.sample("report.pdf"))),
              HttpResponse.BodyHandlers.ofString());
      assertThat(converting.await(60, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(app::close, threads);
      HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("# doc1.pdf");
      stopped.get(60, TimeUnit.SECONDS);
      assertThat(app.isActive()).isFalse();
      List<String> left =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .map(Thread::getName)
              .filter(n -> n.startsWith("ilios-"))
              .toList();
      assertThat(left).as("Ilios threads after the context closed").isEmpty();
    } finally {
      threads.shutdownNow();
      app.close();
    }
  }
}
