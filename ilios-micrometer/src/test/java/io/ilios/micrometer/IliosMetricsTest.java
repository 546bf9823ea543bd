package io.ilios.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Document;
import io.ilios.DocumentListener;
import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.OcrException;
import io.ilios.SubmitOptions;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.IliosFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IliosMetricsTest {
  @TempDir Path dir;

  @Test
  void conversionsPagesFailuresTimesAndQueueDepthAreMeasured() throws Exception {
    try (IliosFixture fixture = new IliosFixture(dir)) {
      fixture.ocr.behaviour(
          (input, call) -> {
            if (input.fileName().startsWith("bad")) {
              throw new OcrException("fake", "unreadable", false);
            }
            return FakeOcrBackend.describe(input);
          });
      Ilios ilios = fixture.start();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (IliosMetrics metrics = IliosMetrics.of(ilios)) {
        metrics.bindTo(registry);
        // Listeners run in the order they were added, on one thread: when this one hears of
        // both documents, the meters have too.
        CountDownLatch both = new CountDownLatch(3);
        ilios
            .documents()
            .addListener(
                new DocumentListener() {
                  @Override
                  public void onCompleted(Document d) {
                    both.countDown();
                  }

                  @Override
                  public void onFailed(Document d) {
                    both.countDown();
                  }
                });
        ilios
            .jobs()
            .submit(DocumentSource.of(Documents.pdf("good"), "good.pdf"), SubmitOptions.defaults());
        ilios
            .jobs()
            .submit(DocumentSource.of(Documents.pdf("bad"), "bad.pdf"), SubmitOptions.defaults());
        // A synchronous conversion is heard of too.
        ilios
            .converter()
            .convert(DocumentSource.of(Documents.pdf("now"), "now.pdf"), SubmitOptions.defaults());
        assertThat(both.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(registry.get("ilios.conversions").tag("outcome", "completed").counter().count())
            .isEqualTo(2);
        assertThat(registry.get("ilios.conversions").tag("outcome", "failed").counter().count())
            .isEqualTo(1);
        assertThat(registry.get("ilios.conversions").tag("backend", "fake").counters()).hasSize(2);
        assertThat(registry.get("ilios.pages").counter().count()).isEqualTo(2);
        assertThat(registry.get("ilios.failures").tag("reason", "OcrException").counter().count())
            .isEqualTo(1);
        // Job timers count the queued jobs (a synchronous conversion is no queued job).
        assertThat(registry.get("ilios.job.run").tag("type", "convert").timers())
            .extracting(t -> t.count())
            .containsExactlyInAnyOrder(1L, 1L);
        assertThat(registry.get("ilios.job.wait").timer().count()).isEqualTo(2);
        assertThat(registry.get("ilios.job.claim.to.start").tag("type", "convert").timer().count())
            .isEqualTo(2);
        assertThat(registry.get("ilios.jobs").tag("status", "completed").gauge().value())
            .isEqualTo(2);
        assertThat(registry.get("ilios.jobs").tag("status", "failed").gauge().value()).isEqualTo(1);
        assertThat(registry.get("ilios.jobs").tag("status", "pending").gauge().value()).isZero();
        assertThat(registry.get("ilios.queue.oldest.age").gauge().value()).isZero();
        assertThat(registry.get("ilios.store.errors").functionCounter().count()).isZero();
      }
    }
  }

  @Test
  void waitingJobsAndTheAgeOfTheOldestAreGauged() throws Exception {
    Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
    try (IliosFixture fixture = new IliosFixture(dir)) {
      // No workers, and a clock an hour behind: two jobs wait, submitted "an hour ago".
      Ilios ilios =
          fixture.start(fixture.builder().workers(0).clock(Clock.fixed(anHourAgo, ZoneOffset.UTC)));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (IliosMetrics metrics = IliosMetrics.of(ilios)) {
        metrics.bindTo(registry);
        for (String name : new String[] {"a.pdf", "b.pdf"}) {
          ilios
              .jobs()
              .submit(DocumentSource.of(Documents.pdf(name), name), SubmitOptions.defaults());
        }
        assertThat(registry.get("ilios.jobs").tag("status", "pending").gauge().value())
            .isEqualTo(2);
        assertThat(registry.get("ilios.jobs").tag("status", "processing").gauge().value()).isZero();
        assertThat(registry.get("ilios.queue.oldest.age").gauge().value())
            .isBetween(3_600.0, 3_600.0 + Duration.ofDays(1).toSeconds());
      }
    }
  }

  @Test
  void failureReasonsAreTheErrorsKindOrOther() {
    assertThat(IliosMetrics.reason(Optional.of("InvalidDocumentException: a.pdf is empty")))
        .isEqualTo("InvalidDocumentException");
    assertThat(IliosMetrics.reason(Optional.of("the result could not be stored")))
        .isEqualTo("other");
    assertThat(IliosMetrics.reason(Optional.empty())).isEqualTo("other");
  }
}
