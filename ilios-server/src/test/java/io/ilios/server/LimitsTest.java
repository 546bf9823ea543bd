package io.ilios.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.Ilios;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.IliosFixture;
import io.ilios.testing.SettableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-key limits over real HTTP: request rate, conversions at once, pages per day; each answers 429
 * with a {@code Retry-After} that says when to come back. Time is a settable clock.
 */
class LimitsTest {
  static final String KEY = "limited-key-0123456789";
  static final String OTHER = "other-key-0123456789ab";

  @TempDir Path dir;
  final SettableClock clock = new SettableClock(Instant.parse("2026-11-30T22:00:00Z"));
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
  IliosFixture fixture;
  Ilios ilios;
  IliosServer server;

  void start(Limits limits) {
    fixture = new IliosFixture(dir);
    ilios = fixture.start(fixture.builder().clock(clock));
    server =
        IliosServer.create(
                ilios,
                ServerConfig.builder()
                    .port(0)
                    .apiKeys(ApiKeys.builder().key(KEY, "alice", limits).key(OTHER, "bob").build())
                    .uploadDirectory(dir.resolve("uploads"))
                    .clock(clock)
                    .build())
            .start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  Response get(String key) throws IOException {
    return http.newCall(
            new Request.Builder()
                .url(server.uri() + "/api/usage/summary")
                .header("Authorization", "Bearer " + key)
                .build())
        .execute();
  }

  Response convert(String key, String name) throws IOException {
    RequestBody body =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart(
                "file",
                name,
                RequestBody.create(Documents.pdf(name), MediaType.get("application/pdf")))
            .build();
    return http.newCall(
            new Request.Builder()
                .url(server.uri() + "/v1/convert")
                .header("Authorization", "Bearer " + key)
                .post(body)
                .build())
        .execute();
  }

  @Test
  void aKeyOverItsRequestRateWaitsForItsBucketToRefill() throws Exception {
    start(Limits.defaults().withRequestsPerSecond(0.5, 2));
    try (Response a = get(KEY);
        Response b = get(KEY)) {
      assertThat(a.code()).isEqualTo(200);
      assertThat(b.code()).isEqualTo(200);
    }
    try (Response over = get(KEY)) {
      assertThat(over.code()).isEqualTo(429);
      assertThat(over.header("Retry-After")).isEqualTo("2"); // one token at 0.5/s
      assertThat(over.body().string()).contains("requests per second");
    }
    try (Response other = get(OTHER)) {
      assertThat(other.code()).as("another key has its own bucket").isEqualTo(200);
    }
    clock.advance(Duration.ofSeconds(2));
    try (Response again = get(KEY)) {
      assertThat(again.code()).isEqualTo(200);
    }
  }

  @Test
  void aKeyRunsAtMostItsConversionsAtOnce() throws Exception {
    start(Limits.defaults().withConcurrentConversions(1));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    fixture.ocr.behaviour(
        (input, call) -> {
          if (input.fileName().equals("slow.pdf")) {
            started.countDown();
            release.await();
          }
          return FakeOcrBackend.describe(input);
        });
    CompletableFuture<Integer> slow =
        CompletableFuture.supplyAsync(
            () -> {
              try (Response r = convert(KEY, "slow.pdf")) {
                return r.code();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    try (Response second = convert(KEY, "second.pdf")) {
      assertThat(second.code()).isEqualTo(429);
      assertThat(second.header("Retry-After")).isEqualTo("1");
    }
    try (Response other = convert(OTHER, "other.pdf")) {
      assertThat(other.code()).isEqualTo(200);
    }
    release.countDown();
    assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo(200);
    try (Response third = convert(KEY, "third.pdf")) {
      assertThat(third.code()).as("the slot was given back").isEqualTo(200);
    }
  }

  @Test
  void aKeyOverItsPagesForTheDayIsRefusedUntilMidnightUtc() throws Exception {
    start(Limits.defaults().withPagesPerDay(2));
    for (String name : new String[] {"one.pdf", "two.pdf"}) {
      try (Response r = convert(KEY, name)) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
    try (Response over = convert(KEY, "three.pdf")) {
      assertThat(over.code()).isEqualTo(429);
      assertThat(over.header("Retry-After")).isEqualTo(Long.toString(2 * 3600)); // 22:00 UTC
      assertThat(over.body().string()).contains("2 pages converted today");
    }
    clock.advance(Duration.ofHours(2));
    try (Response tomorrow = convert(KEY, "four.pdf")) {
      assertThat(tomorrow.code()).isEqualTo(200);
    }
  }

  @Test
  void limitsAreReadFromTheirTextForm() {
    Limits l = Limits.parse("pagesPerDay=500, requestsPerSecond=2.5,burst=5", Limits.defaults());
    assertThat(l).isEqualTo(new Limits(2.5, 5, Limits.defaults().concurrentConversions(), 500));
    assertThat(Limits.parse("", Limits.defaults())).isEqualTo(Limits.defaults());
    assertThatThrownBy(() -> Limits.parse("pages=5", Limits.defaults()))
        .hasMessageContaining("unknown name 'pages'");
    assertThatThrownBy(() -> Limits.parse("burst=many", Limits.defaults()))
        .hasMessageContaining("burst must be a number");
    assertThatThrownBy(() -> Limits.parse("burst", Limits.defaults()))
        .hasMessageContaining("name=value");
  }

  @Test
  void aStoredKeysOwnLimitsApply() throws Exception {
    start(Limits.defaults());
    io.ilios.Keys.Created k =
        ilios.keys().create("carol", "t", java.util.Optional.of("requestsPerSecond=0.5,burst=1"));
    try (Response first = get(k.secret());
        Response second = get(k.secret())) {
      assertThat(first.code()).isEqualTo(200);
      assertThat(second.code()).isEqualTo(429);
    }
  }

  @Test
  void limitsAreChecked() {
    assertThatThrownBy(() -> new Limits(0, 1, 1, 0)).hasMessageContaining("requestsPerSecond");
    assertThatThrownBy(() -> new Limits(1, 0, 1, 0)).hasMessageContaining("burst");
    assertThatThrownBy(() -> new Limits(1, 1, 0, 0)).hasMessageContaining("concurrentConversions");
    assertThatThrownBy(() -> new Limits(1, 1, 1, -1)).hasMessageContaining("pagesPerDay");
  }
}
