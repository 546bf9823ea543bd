package io.ilios.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.Ilios;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.IliosFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the server refuses new work at once and lets a request in flight finish. */
class GracefulShutdownTest {
  @TempDir Path dir;

  @Test
  void aConversionInFlightFinishesWhileNewConnectionsAreRefused() throws Exception {
    try (IliosFixture fixture = new IliosFixture(dir)) {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      fixture.ocr.behaviour(
          (input, call) -> {
            started.countDown();
            release.await();
            return FakeOcrBackend.describe(input);
          });
      Ilios ilios = fixture.start();
      IliosServer server =
          IliosServer.create(
                  ilios,
                  ServerConfig.builder().port(0).uploadDirectory(dir.resolve("uploads")).build())
              .start();
      String base = server.uri().toString();
      OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
      // Threads of their own: the common pool may have a single thread on a small machine, and
      // the close must not wait behind the request it is to let finish.
      java.util.concurrent.ExecutorService threads =
          java.util.concurrent.Executors.newCachedThreadPool();
      CompletableFuture<String> inFlight =
          CompletableFuture.supplyAsync(
              () -> {
                try (Response r =
                    http.newCall(
                            new Request.Builder()
                                .url(base + "/v1/convert")
                                .header("X-File-Name", "slow.pdf")
                                .post(
                                    RequestBody.create(
                                        Documents.pdf("slow"), MediaType.get("application/pdf")))
                                .build())
                        .execute()) {
                  return r.code() + " " + r.body().string();
                } catch (IOException e) {
                  return "failed: " + e;
                }
              },
              threads);
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

      CountDownLatch stopping = new CountDownLatch(1);
      server.whenStopping(stopping::countDown);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, threads);
      assertThat(stopping.await(30, TimeUnit.SECONDS)).isTrue();
      // A new connection for every try (none kept alive): once the server has stopped accepting,
      // it is refused, while the conversion above is still waiting.
      OkHttpClient fresh =
          new OkHttpClient.Builder()
              .retryOnConnectionFailure(false)
              .connectionPool(new okhttp3.ConnectionPool(0, 1, TimeUnit.MILLISECONDS))
              .build();
      boolean refused = false;
      for (int i = 0; i < 3000 && !refused; i++) {
        try (Response r =
            fresh
                .newCall(
                    new Request.Builder()
                        .url(base + "/health")
                        .header("Connection", "close")
                        .build())
                .execute()) {
          // Jetty either closes its listening socket or, while it drains, answers new requests
          // with 503 (which one depends on the JDK's threads); both refuse new work.
          refused = r.code() == 503;
          if (!refused) {
            assertThat(r.code()).isEqualTo(200); // the stop began; its shutdown is steps away
          }
        } catch (IOException e) {
          refused = true;
        }
      }
      assertThat(refused).as("new work is refused during shutdown").isTrue();
      assertThat(inFlight).isNotDone();
      assertThat(closing).isNotDone();

      release.countDown();
      assertThat(inFlight.get(30, TimeUnit.SECONDS)).startsWith("200 # slow.pdf");
      closing.get(60, TimeUnit.SECONDS);
      assertThatThrownBy(
              () -> fresh.newCall(new Request.Builder().url(base + "/health").build()).execute())
          .isInstanceOf(IOException.class);
      threads.shutdown();
    }
  }
}
