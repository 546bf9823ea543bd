package io.ilios.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Ilios;
import io.ilios.postgres.PostgresJobStore;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.IliosFixture;
import io.ilios.testing.SettableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes, each an Ilios with its own server, on one Postgres database: a key's request rate and
 * its conversions at once are counted once for both.
 */
class PostgresLimitsAcrossNodesTest {
  static final String KEY = "shared-key-0123456789";

  @TempDir Path dir;
  final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T12:00:00Z"));
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
  final List<AutoCloseable> open = new ArrayList<>();
  final List<IliosServer> nodes = new ArrayList<>();
  final List<IliosFixture> fixtures = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    nodes.forEach(IliosServer::close);
    fixtures.forEach(IliosFixture::close);
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  void startTwoNodes(Limits limits, FakeOcrBackend.Behaviour behaviour) {
    String url = TestPostgres.newDatabase();
    for (int i = 0; i < 2; i++) {
      PostgresJobStore store = PostgresJobStore.builder().jdbcUrl(url).user("ilios").build();
      open.add(store);
      IliosFixture f = new IliosFixture(dir.resolve("node" + i));
      fixtures.add(f);
      if (behaviour != null) {
        f.ocr.behaviour(behaviour);
      }
      Ilios ilios = f.start(f.builder().store(store).clock(clock));
      nodes.add(
          IliosServer.create(
                  ilios,
                  ServerConfig.builder()
                      .port(0)
                      .apiKeys(ApiKeys.builder().key(KEY, "alice", limits).build())
                      .uploadDirectory(dir.resolve("uploads" + i))
                      .clock(clock)
                      .build())
              .start());
    }
  }

  int get(int node) throws IOException {
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(nodes.get(node).uri() + "/api/usage/summary")
                    .header("Authorization", "Bearer " + KEY)
                    .build())
            .execute()) {
      return r.code();
    }
  }

  int convert(int node, String name) throws IOException {
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(nodes.get(node).uri() + "/v1/convert")
                    .header("Authorization", "Bearer " + KEY)
                    .header("X-File-Name", name)
                    .post(RequestBody.create(Documents.pdf(name), MediaType.get("application/pdf")))
                    .build())
            .execute()) {
      return r.code();
    }
  }

  @Test
  void aKeysRequestRateIsCountedOnceForAllNodes() throws Exception {
    startTwoNodes(Limits.defaults().withRequestsPerSecond(0.5, 2), null);
    assertThat(get(0)).isEqualTo(200);
    assertThat(get(1)).isEqualTo(200);
    assertThat(get(0)).as("the burst of 2 is spent across both nodes").isEqualTo(429);
    assertThat(get(1)).isEqualTo(429);
    clock.advance(Duration.ofSeconds(2));
    assertThat(get(1)).isEqualTo(200);
  }

  @Test
  void aKeysConversionsAtOnceAreCountedOnceForAllNodes() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    startTwoNodes(
        Limits.defaults().withConcurrentConversions(1),
        (input, call) -> {
          if (input.fileName().equals("slow.pdf")) {
            started.countDown();
            release.await();
          }
          return FakeOcrBackend.describe(input);
        });
    ExecutorService threads = Executors.newCachedThreadPool();
    try {
      CompletableFuture<Integer> slow =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return convert(0, "slow.pdf");
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              threads);
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(convert(1, "other.pdf")).as("the one slot is held on node 0").isEqualTo(429);
      release.countDown();
      assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(convert(1, "after.pdf")).isEqualTo(200);
    } finally {
      threads.shutdownNow();
    }
  }
}
