package io.ilios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.blob.LocalBlobStore;
import io.ilios.spi.OcrResult;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.NoThreadLeaks;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoThreadLeaks.class)
class IliosTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  final FakeOcrBackend ocr = new FakeOcrBackend();
  final List<AutoCloseable> open = new ArrayList<>();

  IliosBuilder builder() {
    SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"));
    open.add(store);
    return Ilios.builder()
        .store(store)
        .blobs(LocalBlobStore.at(dir.resolve("blobs")))
        .ocr(ocr)
        .workers(2)
        .pollInterval(Duration.ofMillis(20))
        .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), 0.2));
  }

  Ilios start() {
    Ilios ilios = builder().build();
    open.add(0, ilios);
    return ilios;
  }

  /** Submits a small PDF with default options. */
  static JobHandle submitPdf(Ilios ilios, String text, String fileName) {
    return ilios
        .jobs()
        .submit(DocumentSource.of(Documents.pdf(text), fileName), SubmitOptions.defaults());
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  @Test
  void aSubmittedDocumentIsConvertedAndItsMarkdownRead() throws Exception {
    Ilios ilios = start();
    Path pdf = Files.write(dir.resolve("report.pdf"), Documents.pdf("hello"));
    JobHandle h = ilios.jobs().submit(DocumentSource.of(pdf), SubmitOptions.defaults());
    Job done = h.await(WAIT);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.attempts()).isEqualTo(1);
    Conversion c = h.conversion().orElseThrow();
    assertThat(c.model()).isEqualTo(FakeOcrBackend.MODEL);
    assertThat(c.markdown())
        .startsWith("# report.pdf")
        .contains("application/pdf, " + Files.size(pdf) + " bytes");
  }

  @Test
  void aConversionCarriesItsCostFromThePriceTable() throws Exception {
    PriceTable prices =
        PriceTable.builder()
            .price("fake", FakeOcrBackend.MODEL, new PriceTable.Price(2_500, 0, 0))
            .build();
    Ilios ilios = builder().prices(prices).build();
    open.add(0, ilios);
    JobHandle h = submitPdf(ilios, "x", "a.pdf");
    assertThat(h.await(WAIT).status()).isEqualTo(JobStatus.COMPLETED);
    Cost cost = h.conversion().orElseThrow().cost();
    assertThat(cost).isEqualTo(new Cost(2_500, 3_000, 3_250));
    assertThat(cost.totalDollars()).isEqualByComparingTo("0.00325");
  }

  @Test
  void aStreamIsAcceptedAndItsTypeDetectedFromContentNotName() throws Exception {
    Ilios ilios = start();
    JobHandle fromStream =
        ilios
            .jobs()
            .submit(
                DocumentSource.of(new ByteArrayInputStream(Documents.png()), "scan"),
                SubmitOptions.defaults());
    assertThat(fromStream.await(WAIT).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(fromStream.conversion().orElseThrow().markdown()).contains("image/png, 64 bytes");
    assertThat(fromStream.document().mimeType()).isEqualTo("image/png");
  }

  @Test
  void badDocumentsAreRejectedAtSubmitAndLeaveNothingBehind() throws Exception {
    Ilios ilios = start();
    JobQueue jobs = ilios.jobs();
    assertThatThrownBy(
            () ->
                jobs.submit(DocumentSource.of(new byte[0], "empty.pdf"), SubmitOptions.defaults()))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessage("empty.pdf is empty");
    assertThatThrownBy(
            () ->
                jobs.submit(
                    DocumentSource.of("just text".getBytes(), "notes.pdf"),
                    SubmitOptions.defaults()))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("notes.pdf is not a supported document")
        .hasMessageContaining("application/pdf");
    byte[] gif = "GIF89a-rest-of-file".getBytes();
    assertThatThrownBy(
            () -> jobs.submit(DocumentSource.of(gif, "anim.gif"), SubmitOptions.defaults()))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("anim.gif is image/gif, which backend fake does not support");
    assertThatThrownBy(() -> jobs.submitAll(List.of(), SubmitOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one document");
    assertThat(jobs.counts().total()).isZero();
    try (var files = Files.walk(dir.resolve("blobs"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void anOversizeDocumentIsRejectedWhileStreamingAndNothingIsKept() throws Exception {
    Ilios ilios = builder().maxDocumentSize(1 << 20).build();
    open.add(0, ilios);
    byte[] big = new byte[(1 << 20) + 1];
    System.arraycopy(Documents.pdf("x"), 0, big, 0, 8);
    System.arraycopy("%%EOF".getBytes(), 0, big, (1 << 20) - 5, 5);
    // Unknown length: the upload stops once the stream passes the limit.
    assertThatThrownBy(
            () ->
                ilios
                    .jobs()
                    .submit(
                        DocumentSource.of(new ByteArrayInputStream(big), "big.pdf"),
                        SubmitOptions.defaults()))
        .isInstanceOf(DocumentTooLargeException.class)
        .hasMessage("big.pdf is larger than the limit, over the limit of 1048576 bytes");
    // Known length: rejected before reading.
    Path file = Files.write(dir.resolve("big.pdf"), big);
    assertThatThrownBy(() -> ilios.jobs().submit(DocumentSource.of(file), SubmitOptions.defaults()))
        .isInstanceOf(DocumentTooLargeException.class)
        .hasMessage("big.pdf is 1048577 bytes, over the limit of 1048576 bytes");
    assertThat(ilios.jobs().counts().total()).isZero();
    try (var files = Files.walk(dir.resolve("blobs"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
    // Exactly at the limit is accepted.
    JobHandle ok =
        ilios
            .jobs()
            .submit(
                DocumentSource.of(new ByteArrayInputStream(big, 0, 1 << 20), "max.pdf"),
                SubmitOptions.defaults());
    assertThat(ok.await(WAIT).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void unknownIdsAndOtherOwnersIdsAreNotFoundAlike() throws Exception {
    Ilios ilios = start();
    JobHandle h =
        ilios
            .jobs()
            .submit(
                DocumentSource.of(Documents.pdf("x"), "a.pdf"),
                SubmitOptions.builder().owner("alice").build());
    for (long id : new long[] {h.id(), h.id() + 999}) {
      assertThatThrownBy(() -> ilios.jobs().status("bob", id))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("job " + id + " not found");
      assertThatThrownBy(() -> ilios.jobs().cancel("bob", id))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> ilios.jobs().await("bob", id, Duration.ZERO))
          .isInstanceOf(NotFoundException.class);
    }
    assertThat(ilios.jobs().status("alice", h.id()).owner()).isEqualTo("alice");
  }

  @Test
  void retryableFailuresAreRetriedAndNonRetryableOnesFailAtOnce() throws Exception {
    Ilios ilios = start();
    ocr.failFirst(2, true);
    JobHandle retried = submitPdf(ilios, "x", "a.pdf");
    Job j = retried.await(WAIT);
    assertThat(j.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(j.attempts()).isEqualTo(3);

    ocr.failFirst(Integer.MAX_VALUE, false);
    JobHandle failed = submitPdf(ilios, "y", "b.pdf");
    Job f = failed.await(WAIT);
    assertThat(f.status()).isEqualTo(JobStatus.FAILED);
    assertThat(f.attempts()).isEqualTo(1);
    assertThat(f.error().orElseThrow()).contains("OcrException: fake: induced failure");
    assertThat(failed.conversion()).isEmpty();
  }

  @Test
  void aBackendThatReturnsNoPagesFailsTheJobWithoutRetrying() throws Exception {
    Ilios ilios = start();
    ocr.behaviour((input, call) -> new OcrResult(List.of(), "empty-model", 0, 0));
    JobHandle h = submitPdf(ilios, "x", "a.pdf");
    Job j = h.await(WAIT);
    assertThat(j.status()).isEqualTo(JobStatus.FAILED);
    assertThat(j.error().orElseThrow()).contains("returned no pages for a.pdf");
  }

  @Test
  void cancellingARunningJobInterruptsItsWorker() throws Exception {
    Ilios ilios = start();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    ocr.behaviour(
        (input, call) -> {
          started.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          return FakeOcrBackend.describe(input);
        });
    JobHandle h = submitPdf(ilios, "x", "a.pdf");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(h.cancel().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(h.await(WAIT).status()).isEqualTo(JobStatus.CANCELLED);
  }

  @Test
  void aPendingJobIsCancelledAtOnce() throws Exception {
    Ilios ilios = builder().workers(0).build();
    open.add(0, ilios);
    JobHandle h = submitPdf(ilios, "x", "a.pdf");
    assertThat(h.status().status()).isEqualTo(JobStatus.PENDING);
    Job c = h.cancel();
    assertThat(c.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(c.finishedAt()).isPresent();
    assertThat(h.cancel().status()).isEqualTo(JobStatus.CANCELLED);
  }

  @Test
  void theSameIdempotencyKeyReturnsTheFirstJob() throws Exception {
    Ilios ilios = builder().originalsInStoreUpTo(0).build(); // originals as files, to count
    open.add(0, ilios);
    SubmitOptions keyed = SubmitOptions.builder().owner("alice").idempotencyKey("upload-1").build();
    JobHandle first = ilios.jobs().submit(DocumentSource.of(Documents.pdf("1"), "a.pdf"), keyed);
    JobHandle again = ilios.jobs().submit(DocumentSource.of(Documents.pdf("2"), "b.pdf"), keyed);
    JobHandle otherOwner =
        ilios
            .jobs()
            .submit(
                DocumentSource.of(Documents.pdf("3"), "c.pdf"),
                keyed.toBuilder().owner("bob").build());
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.documentId()).isEqualTo(first.documentId());
    assertThat(otherOwner.id()).isNotEqualTo(first.id());
    assertThat(ilios.jobs().counts().total()).isEqualTo(2);
    try (var files = Files.walk(dir.resolve("blobs"))) {
      assertThat(files.filter(Files::isRegularFile)).hasSize(2); // the repeat's upload is dropped
    }
  }

  @Test
  void listenersHearOfCompletionsAndFailuresAndOneThatThrowsBreaksNothing() throws Exception {
    Ilios ilios = start();
    List<String> heard = new CopyOnWriteArrayList<>();
    CountDownLatch both = new CountDownLatch(2);
    ilios
        .jobs()
        .addListener(
            new JobListener() {
              @Override
              public void onCompleted(Job job) {
                throw new IllegalStateException("listener bug");
              }
            });
    ilios
        .jobs()
        .addListener(
            new JobListener() {
              @Override
              public void onCompleted(Job job) {
                heard.add("completed " + job.id());
                both.countDown();
              }

              @Override
              public void onFailed(Job job) {
                heard.add("failed " + job.id());
                both.countDown();
              }
            });
    JobHandle ok = submitPdf(ilios, "x", "a.pdf");
    assertThat(ok.await(WAIT).status()).isEqualTo(JobStatus.COMPLETED);
    ocr.failFirst(Integer.MAX_VALUE, false);
    JobHandle bad = submitPdf(ilios, "y", "b.pdf");
    assertThat(bad.await(WAIT).status()).isEqualTo(JobStatus.FAILED);
    assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(heard).containsExactly("completed " + ok.id(), "failed " + bad.id());
    assertThat(ok.conversion()).isPresent();
  }

  @Test
  void workersLeftStoppedByTheBuilderRunNothingUntilStarted() throws Exception {
    JobHandle h;
    try (Ilios idle = builder().startWorkers(false).build()) {
      h = submitPdf(idle, "later", "later.pdf");
      assertThat(idle.workersRunning()).isFalse();
    } // closing waits for running jobs: had a worker taken it, it would have ended by now
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"))) {
      Job waiting = store.find(SubmitOptions.DEFAULT_OWNER, h.id()).orElseThrow();
      assertThat(waiting.status()).isEqualTo(JobStatus.PENDING);
      assertThat(waiting.attempts()).isZero();
    }
    assertThat(ocr.calls()).isZero();
    Ilios ilios = builder().startWorkers(false).build();
    open.add(0, ilios);
    ilios.startWorkers();
    ilios.startWorkers(); // idempotent
    assertThat(ilios.workersRunning()).isTrue();
    Job done = ilios.jobs().await(SubmitOptions.DEFAULT_OWNER, h.id(), WAIT);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.attempts()).isEqualTo(1);
  }

  @Test
  void stoppedWorkersLeaveIliosOpenForSubmitsAndDoNotRestart() throws Exception {
    Ilios ilios = builder().startWorkers(false).build();
    open.add(0, ilios);
    ilios.startWorkers();
    ilios.stopWorkers();
    ilios.stopWorkers(); // idempotent
    assertThat(ilios.workersRunning()).isFalse();
    JobHandle h = submitPdf(ilios, "queued", "queued.pdf");
    ilios.close(); // closing returns nothing: no worker ever held the job
    assertThatThrownBy(ilios::startWorkers)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build a new Ilios");
    try (Ilios next = builder().build()) {
      Job done = next.jobs().await(SubmitOptions.DEFAULT_OWNER, h.id(), WAIT);
      assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(done.attempts()).as("it ran once, in the next Ilios").isEqualTo(1);
    }
  }

  @Test
  void closeReturnsUnfinishedJobsToPendingAndARestartFinishesThem() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    ocr.behaviour(
        (input, call) -> {
          started.countDown();
          Thread.sleep(60_000);
          return FakeOcrBackend.describe(input);
        });
    Ilios first = builder().shutdownGrace(Duration.ofMillis(100)).build();
    List<JobHandle> handles = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      handles.add(submitPdf(first, "x" + i, "a.pdf"));
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    first.close();
    first.close(); // idempotent
    for (JobHandle h : handles) {
      Job j = first.jobs().status(h.owner(), h.id());
      assertThat(j.status()).isEqualTo(JobStatus.PENDING);
      assertThat(j.attempts()).isZero();
    }
    ocr.behaviour((input, call) -> FakeOcrBackend.describe(input));
    Ilios second = start();
    for (JobHandle h : handles) {
      Job j = second.jobs().await(h.owner(), h.id(), WAIT);
      assertThat(j.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(j.attempts()).isEqualTo(1);
    }
  }

  @Test
  void workersMayRunOnTheCallersExecutor() throws Exception {
    var executor = Executors.newFixedThreadPool(2);
    try {
      Ilios ilios = builder().workerExecutor(executor).build();
      open.add(0, ilios);
      JobHandle h = submitPdf(ilios, "x", "a.pdf");
      assertThat(h.await(WAIT).status()).isEqualTo(JobStatus.COMPLETED);
    } finally {
      closeAll();
      open.clear();
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void workersMayRunOnVirtualThreadsWhereTheJdkHasThem() throws Exception {
    ThreadFactory virtual;
    try {
      // Java 21+: Thread.ofVirtual().name("ilios-vworker-", 1).factory(), called reflectively so
      // that this test compiles on the Java 17 baseline and runs on newer JDKs.
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      builder =
          ofVirtual
              .getMethod("name", String.class, long.class)
              .invoke(builder, "ilios-vworker-", 1L);
      virtual = (ThreadFactory) ofVirtual.getMethod("factory").invoke(builder);
    } catch (NoSuchMethodException e) {
      Assumptions.assumeTrue(false, "virtual threads need Java 21+");
      return;
    }
    Ilios ilios = builder().workerThreads(virtual).build();
    open.add(0, ilios);
    List<JobHandle> handles = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      handles.add(submitPdf(ilios, "v" + i, "v.pdf"));
    }
    for (JobHandle h : handles) {
      assertThat(h.await(WAIT).status()).isEqualTo(JobStatus.COMPLETED);
    }
  }

  @Test
  void invalidOptionsFailAtBuildTimeNamingFieldValueAndRange() {
    assertThatThrownBy(() -> Ilios.builder().workers(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers must be between 0 and 1024, was -1");
    assertThatThrownBy(() -> SubmitOptions.builder().priority(11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("priority must be between 0 and 10, was 11");
    assertThatThrownBy(() -> SubmitOptions.builder().owner(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owner must be 1 to 200 characters");
    assertThatThrownBy(() -> Ilios.builder().lease(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lease (ms) must be between 1000 and 3600000, was 10");
    assertThatThrownBy(() -> Ilios.builder().pollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pollInterval must be positive, was PT0S");
    assertThatThrownBy(
            () ->
                Ilios.builder()
                    .ocr(ocr)
                    .lease(Duration.ofSeconds(10))
                    .heartbeat(Duration.ofSeconds(20))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("heartbeat (PT20S) must be shorter than lease (PT10S)");
    assertThatThrownBy(() -> Ilios.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ocr backend is required");
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be between 1 and 100, was 0");
  }
}
