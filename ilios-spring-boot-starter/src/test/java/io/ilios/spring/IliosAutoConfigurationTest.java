package io.ilios.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.BatchStatus;
import io.ilios.Conversion;
import io.ilios.DocumentConverter;
import io.ilios.DocumentSource;
import io.ilios.Documents;
import io.ilios.Ilios;
import io.ilios.JobQueue;
import io.ilios.SubmitOptions;
import io.ilios.Usage;
import io.ilios.blob.LocalBlobStore;
import io.ilios.local.LocalConverter;
import io.ilios.micrometer.IliosMetrics;
import io.ilios.mistral.MistralOcr;
import io.ilios.mistral.MistralOcrFactory;
import io.ilios.postgres.PostgresJobStore;
import io.ilios.s3.S3BlobStore;
import io.ilios.s3.testing.S3Server;
import io.ilios.server.IliosServlet;
import io.ilios.server.Webhooks;
import io.ilios.spi.BlobStore;
import io.ilios.spi.JobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.NoThreadLeaks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import software.amazon.awssdk.services.s3.S3Client;

/** Every condition and property of the auto-configuration, wrong values included. */
@ExtendWith(NoThreadLeaks.class)
class IliosAutoConfigurationTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final AutoConfigurations ALL =
      AutoConfigurations.of(
          IliosAutoConfiguration.class,
          IliosHealthAutoConfiguration.class,
          IliosMetricsAutoConfiguration.class,
          IliosWebAutoConfiguration.class);

  @TempDir Path dir;

  private static AutoCloseable postgres;

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(ALL)
        .withPropertyValues("ilios.data-directory=" + dir, "ilios.workers=2");
  }

  /** A runner whose backend is a fake: most tests are about wiring, not OCR. */
  ApplicationContextRunner fake() {
    return runner().withBean(OcrBackend.class, FakeOcrBackend::new);
  }

  static DocumentSource pdf(String name) {
    return DocumentSource.of(io.ilios.testing.Documents.pdf(name), name + ".pdf");
  }

  /** The start-up failure's message that names a property, wherever Spring wrapped it. */
  static String failure(ApplicationContextAssertProvider<?> context) {
    assertThat(context).hasFailed();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      if (t instanceof InvalidConfigurationPropertyValueException || t instanceof BindException) {
        return t.getMessage();
      }
    }
    throw new AssertionError("no property named in", context.getStartupFailure());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void withNoPropertyAtAllTheEmbeddedDefaultsConvertADocument() {
    new ApplicationContextRunner()
        .withConfiguration(ALL)
        .withPropertyValues("ilios.data-directory=" + dir)
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(Ilios.class)
                  .hasSingleBean(DocumentConverter.class)
                  .hasSingleBean(JobQueue.class)
                  .hasSingleBean(Documents.class)
                  .hasSingleBean(Usage.class)
                  .hasSingleBean(IliosLifecycle.class);
              assertThat(context.getBean(OcrBackend.class)).isInstanceOf(LocalConverter.class);
              assertThat(context.getBean(JobStore.class)).isInstanceOf(SqliteJobStore.class);
              assertThat(context.getBean(BlobStore.class)).isInstanceOf(LocalBlobStore.class);
              assertThat(Files.exists(dir.resolve("ilios.db"))).isTrue();
              Conversion c =
                  context
                      .getBean(DocumentConverter.class)
                      .convert(
                          DocumentSource.of(SamplePdf.withText("Quarterly report"), "q.pdf"),
                          SubmitOptions.defaults());
              assertThat(c.markdown()).contains("Quarterly report");
            });
  }

  @Test
  void workersStartWithTheContextAndLeaveNoThreadWhenItCloses() {
    fake()
        .run(
            context -> {
              Ilios ilios = context.getBean(Ilios.class);
              assertThat(ilios.workersRunning()).isTrue();
              assertThat(context.getBean(IliosLifecycle.class).isRunning()).isTrue();
              var job = ilios.jobs().submit(pdf("queued"), SubmitOptions.defaults());
              assertThat(job.await(WAIT).status().name()).isEqualTo("COMPLETED");
            });
    // NoThreadLeaks checks that no ilios- thread outlived the context.
  }

  @Test
  void theServicesAreTheIliosBeansOwn() {
    fake()
        .run(
            context -> {
              Ilios ilios = context.getBean(Ilios.class);
              assertThat(context.getBean(JobQueue.class)).isSameAs(ilios.jobs());
              assertThat(context.getBean(Documents.class)).isSameAs(ilios.documents());
              assertThat(context.getBean(DocumentConverter.class)).isSameAs(ilios.converter());
              assertThat(context.getBean(Usage.class)).isSameAs(ilios.usage());
              assertThat(ilios.backendName()).isEqualTo("fake");
            });
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() {
    SqliteJobStore ownStore = SqliteJobStore.open(dir.resolve("own.db"));
    LocalBlobStore ownBlobs = LocalBlobStore.at(dir.resolve("own-blobs"));
    fake()
        .withBean(JobStore.class, () -> ownStore)
        .withBean(BlobStore.class, () -> ownBlobs)
        .run(
            context -> {
              assertThat(context.getBean(JobStore.class)).isSameAs(ownStore);
              assertThat(context.getBean(Ilios.class).jobs().counts().total()).isZero();
              assertThat(context.getBean(BlobStore.class)).isSameAs(ownBlobs);
              assertThat(Files.exists(dir.resolve("ilios.db"))).isFalse();
            });
    ownStore.close();
    try (SqliteJobStore mine = SqliteJobStore.open(dir.resolve("mine.db"));
        Ilios own =
            Ilios.builder()
                .ocr(new FakeOcrBackend())
                .store(mine)
                .blobs(LocalBlobStore.at(dir.resolve("b")))
                .build()) {
      runner()
          .withBean("myIlios", Ilios.class, () -> own, d -> d.setDestroyMethodName(""))
          .run(
              context -> {
                assertThat(context).hasSingleBean(Ilios.class);
                assertThat(context.getBean(Ilios.class)).isSameAs(own);
                assertThat(context)
                    .doesNotHaveBean("iliosOcrBackend")
                    .doesNotHaveBean("iliosJobStore")
                    .doesNotHaveBean("iliosBlobStore");
                assertThat(context.getBean(JobQueue.class)).isSameAs(own.jobs());
              });
    }
  }

  @Test
  void customizersChangeTheBuilderBeforeIliosIsBuilt() {
    fake()
        .withBean(IliosBuilderCustomizer.class, () -> b -> b.workers(0))
        .run(context -> assertThat(context.getBean(Ilios.class).workersRunning()).isFalse());
  }

  @Test
  void wrongValuesFailTheStartNamingTheProperty() {
    fake()
        .withPropertyValues("ilios.workers=-1")
        .run(c -> assertThat(failure(c)).contains("ilios.workers").contains("-1"));
    fake()
        .withPropertyValues("ilios.workers=many")
        .run(c -> assertThat(failure(c)).contains("ilios.workers"));
    fake()
        .withPropertyValues("ilios.backend=tesseract")
        .run(c -> assertThat(failure(c)).contains("ilios.backend"));
    fake()
        .withPropertyValues("ilios.shutdown-grace=-5s")
        .run(c -> assertThat(failure(c)).contains("ilios.shutdown-grace"));
    fake()
        .withPropertyValues("ilios.max-document-size=0B")
        .run(c -> assertThat(failure(c)).contains("ilios.max-document-size"));
    fake()
        .withPropertyValues("ilios.prices.margin-basis-points=-1")
        .run(c -> assertThat(failure(c)).contains("ilios.prices.margin-basis-points"));
    runner()
        .withPropertyValues("ilios.local.dpi=5")
        .run(c -> assertThat(failure(c)).contains("ilios.local"));
    fake()
        .withPropertyValues("ilios.store.type=postgres")
        .run(c -> assertThat(failure(c)).contains("ilios.store.postgres.url"));
    fake()
        .withPropertyValues("ilios.blobs.type=s3")
        .run(c -> assertThat(failure(c)).contains("ilios.blobs.s3.bucket"));
  }

  @Test
  void mistralNeedsItsKeyAndItsModuleAndNeverShowsTheKey() {
    runner()
        .withPropertyValues("ilios.backend=mistral")
        .run(c -> assertThat(failure(c)).contains("ilios.mistral.api-key"));
    runner()
        .withPropertyValues(
            "ilios.backend=mistral",
            "ilios.mistral.api-key=sk-secret-123",
            "ilios.mistral.concurrency=0")
        .run(
            c ->
                assertThat(failure(c))
                    .contains("ilios.mistral")
                    .contains("concurrency")
                    .doesNotContain("sk-secret-123"));
    runner()
        .withPropertyValues(
            "ilios.backend=mistral",
            "ilios.mistral.api-key=sk-secret-123",
            "ilios.mistral.concurrency=2")
        .run(
            context -> {
              assertThat(context.getBean(OcrBackend.class)).isInstanceOf(MistralOcr.class);
              assertThat(context.getBean(Ilios.class).backendName()).isEqualTo("mistral");
            });
    runner()
        .withClassLoader(new FilteredClassLoader(MistralOcrFactory.class, MistralOcr.class))
        .withPropertyValues("ilios.backend=mistral", "ilios.mistral.api-key=sk-secret-123")
        .run(c -> assertThat(failure(c)).contains("ilios.backend").contains("ilios-mistral"));
  }

  /** A document too large to be kept in the store, so its original goes to the blob store. */
  static DocumentSource largePdf(String name) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(io.ilios.testing.Documents.pdf(name));
    out.writeBytes(("\n%" + "x".repeat(200_000) + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII));
    return DocumentSource.of(out.toByteArray(), name + ".pdf");
  }

  @Test
  void storeAndBlobPropertiesPlaceTheFiles() {
    Path db = dir.resolve("elsewhere").resolve("jobs.db");
    Path blobs = dir.resolve("originals");
    fake()
        .withPropertyValues(
            "ilios.store.sqlite-path=" + db,
            "ilios.blobs.directory=" + blobs,
            "ilios.retention.sweep-interval=0s")
        .run(
            context -> {
              var job =
                  context.getBean(JobQueue.class).submit(largePdf("big"), SubmitOptions.defaults());
              assertThat(job.await(WAIT).status().name()).isEqualTo("COMPLETED");
              assertThat(Files.exists(db)).isTrue();
              assertThat(Files.exists(dir.resolve("ilios.db"))).isFalse();
              try (var files = Files.walk(blobs)) {
                assertThat(files.filter(Files::isRegularFile).count()).isPositive();
              }
            });
  }

  @Test
  void s3PropertiesKeepOriginalsInTheBucket() throws Exception {
    try (S3Server s3 = new S3Server(dir.resolve("s3"))) {
      fake()
          .withPropertyValues(
              "ilios.blobs.type=s3",
              "ilios.blobs.s3.bucket=" + S3Server.BUCKET,
              "ilios.blobs.s3.prefix=app/",
              "ilios.blobs.s3.endpoint=" + s3.endpoint(),
              "ilios.blobs.s3.access-key-id=" + S3Server.ACCESS,
              "ilios.blobs.s3.secret-access-key=" + S3Server.SECRET)
          .run(
              context -> {
                assertThat(context.getBean(BlobStore.class)).isInstanceOf(S3BlobStore.class);
                var job =
                    context
                        .getBean(JobQueue.class)
                        .submit(largePdf("in s3"), SubmitOptions.defaults());
                assertThat(job.await(WAIT).status().name()).isEqualTo("COMPLETED");
                try (S3Client client = s3.client(S3Server.SECRET, false)) {
                  var listed =
                      client
                          .listObjectsV2(b -> b.bucket(S3Server.BUCKET).prefix("app/"))
                          .contents();
                  assertThat(listed).isNotEmpty();
                }
              });
    }
  }

  @Test
  void mistralPropertiesReachTheBackend() {
    runner()
        .withPropertyValues(
            "ilios.backend=mistral",
            "ilios.mistral.api-key=sk-secret-123",
            "ilios.mistral.model=mistral-ocr-2512",
            "ilios.mistral.base-url=http://127.0.0.1:9/")
        .run(
            context ->
                assertThat(context.getBean(OcrBackend.class).toString())
                    .contains("mistral-ocr-2512")
                    .contains("127.0.0.1:9")
                    .doesNotContain("sk-secret-123"));
  }

  @Test
  void webPropertiesShapeTheEndpoints() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(ALL)
            .withBean(OcrBackend.class, FakeOcrBackend::new)
            .withPropertyValues("ilios.data-directory=" + dir, "ilios.web.enabled=true");
    web.withPropertyValues("ilios.web.max-upload-size=10KB")
        .run(
            context -> {
              ServletRegistrationBean<?> servlet =
                  context.getBean("iliosServlet", ServletRegistrationBean.class);
              assertThat(servlet.getUrlMappings()).containsExactly("/ilios/*");
              assertThat(servlet.getMultipartConfig().getMaxFileSize()).isEqualTo(10 * 1024);
              assertThatThrownBy(
                      () -> context.getBean(Webhooks.class).check("http://127.0.0.1:8080/hook"))
                  .as("webhooks to private addresses are refused by default")
                  .isInstanceOf(IllegalArgumentException.class);
            });
    web.withPropertyValues("ilios.web.webhooks-to-private-addresses=true")
        .run(context -> context.getBean(Webhooks.class).check("http://127.0.0.1:8080/hook"));
    web.withPropertyValues("ilios.web.webhooks=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(Webhooks.class);
              assertThat(context).hasBean("iliosServlet");
            });
  }

  @Test
  void pricesFromPropertiesPriceTheConversions() {
    fake()
        .withPropertyValues(
            "ilios.prices.models.fake[" + FakeOcrBackend.MODEL + "].per-page=2500",
            "ilios.prices.margin-basis-points=0")
        .run(
            context -> {
              Conversion c =
                  context
                      .getBean(DocumentConverter.class)
                      .convert(pdf("priced"), SubmitOptions.defaults());
              assertThat(c.cost().totalMicros()).isEqualTo(2_500L * c.metadata().pages());
            });
  }

  @Test
  void postgresUsesTheApplicationsDataSource() throws Exception {
    String url = postgresDatabase();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser("ilios");
    fake()
        .withBean(DataSource.class, () -> ds)
        .withPropertyValues("ilios.store.type=postgres")
        .run(
            context -> {
              assertThat(context.getBean(JobStore.class)).isInstanceOf(PostgresJobStore.class);
              var job =
                  context
                      .getBean(JobQueue.class)
                      .submit(pdf("on postgres"), SubmitOptions.defaults());
              assertThat(job.await(WAIT).status().name()).isEqualTo("COMPLETED");
            });
    fake()
        .withPropertyValues(
            "ilios.store.type=postgres",
            "ilios.store.postgres.url=" + url,
            "ilios.store.postgres.username=ilios")
        .run(
            context ->
                assertThat(context.getBean(JobStore.class)).isInstanceOf(PostgresJobStore.class));
  }

  /**
   * A new database on the test Postgres server of ilios-postgres's test jar, found by name: its
   * package belongs to the ilios-postgres module, so this module's tests cannot compile against it.
   */
  static synchronized String postgresDatabase() throws Exception {
    Class<?> server = Class.forName("io.ilios.postgres.PostgresServer");
    if (postgres == null) {
      postgres = (AutoCloseable) server.getConstructor().newInstance();
    }
    return (String) server.getMethod("newDatabase").invoke(postgres);
  }

  @Test
  void aContextClosedInTheMiddleOfABatchResumesItOnTheNextStart() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    FakeOcrBackend stuck =
        new FakeOcrBackend()
            .behaviour(
                (input, call) -> {
                  started.countDown();
                  new CountDownLatch(1).await(); // until the shutdown interrupts it
                  throw new AssertionError("not interrupted");
                });
    String[] batchId = new String[1];
    runner()
        .withBean(OcrBackend.class, () -> stuck)
        .withPropertyValues("ilios.workers=1", "ilios.shutdown-grace=100ms")
        .run(
            context -> {
              BatchHandle batch =
                  context
                      .getBean(JobQueue.class)
                      .submitBatch(
                          List.of(pdf("one"), pdf("two"), pdf("three")), SubmitOptions.defaults());
              batchId[0] = batch.id();
              assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            });
    fake()
        .run(
            context -> {
              Batch done =
                  context
                      .getBean(Documents.class)
                      .awaitBatch(SubmitOptions.DEFAULT_OWNER, batchId[0], WAIT);
              assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
              assertThat(done.progress().completed()).isEqualTo(3);
            });
  }

  /** Tells a latch when the context begins to close, before any bean stops. */
  record Closing(CountDownLatch latch) implements ApplicationListener<ContextClosedEvent> {
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
      latch.countDown();
    }
  }

  @Test
  void aRunningJobFinishesWhileTheContextClosesAndTheQueuedOneWaitsForTheNextStart()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch closing = new CountDownLatch(1);
    FakeOcrBackend slow =
        new FakeOcrBackend()
            .behaviour(
                (input, call) -> {
                  if (call > 1) {
                    // Claimed in the moment between the close event and the stop, perhaps:
                    // it runs until the grace ends, then goes back to the queue.
                    new CountDownLatch(1).await();
                  }
                  started.countDown();
                  closing.await(); // finishes only once the shutdown has begun
                  return FakeOcrBackend.describe(input);
                });
    long[] ids = new long[2];
    runner()
        .withBean(OcrBackend.class, () -> slow)
        .withBean(Closing.class, () -> new Closing(closing))
        .withPropertyValues("ilios.workers=1", "ilios.shutdown-grace=5s")
        .run(
            context -> {
              JobQueue jobs = context.getBean(JobQueue.class);
              ids[0] = jobs.submit(pdf("running"), SubmitOptions.defaults()).id();
              assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
              ids[1] = jobs.submit(pdf("queued"), SubmitOptions.defaults()).id();
            });
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"))) {
      assertThat(store.find(SubmitOptions.DEFAULT_OWNER, ids[0]).orElseThrow().status().name())
          .as("the running job was let finish")
          .isEqualTo("COMPLETED");
      var queued = store.find(SubmitOptions.DEFAULT_OWNER, ids[1]).orElseThrow();
      assertThat(queued.status().name()).isEqualTo("PENDING");
      assertThat(queued.attempts()).isZero();
    }
  }

  @Test
  void healthSaysWhetherTheStoreAnswersAndHowOldTheQueueIs() {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    fake()
        .withPropertyValues("ilios.workers=0")
        .withBean(Clock.class, () -> Clock.fixed(now.plusSeconds(3600), ZoneOffset.UTC))
        .run(
            context -> {
              Health empty = context.getBean(IliosHealthIndicator.class).health();
              assertThat(empty.getStatus()).isEqualTo(Status.UP);
              assertThat(empty.getDetails())
                  .containsEntry("backend", "fake")
                  .containsEntry("pending", 0L)
                  .containsEntry("oldestPendingAge", "none")
                  .containsEntry("workers", "stopped");
              context.getBean(JobQueue.class).submit(pdf("waiting"), SubmitOptions.defaults());
              Health queued = context.getBean(IliosHealthIndicator.class).health();
              assertThat(queued.getDetails()).containsEntry("pending", 1L);
              assertThat(queued.getDetails().get("oldestPendingAge").toString()).startsWith("PT");
              context.getBean(JobStore.class).close(); // the store stops answering
              Health down = context.getBean(IliosHealthIndicator.class).health();
              assertThat(down.getStatus()).isEqualTo(Status.DOWN);
              assertThat(down.getDetails()).containsEntry("store", "unavailable");
            });
    fake()
        .withPropertyValues("management.health.ilios.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(IliosHealthIndicator.class));
    fake()
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean(IliosHealthIndicator.class));
  }

  @Test
  void metersAreABinderBeanWhenMicrometerIsThere() {
    fake()
        .run(
            context -> {
              IliosMetrics metrics = context.getBean(IliosMetrics.class);
              MeterRegistry registry = new SimpleMeterRegistry();
              metrics.bindTo(registry);
              assertThat(registry.find("ilios.jobs").meters()).isNotEmpty();
            });
    fake()
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .run(context -> assertThat(context).doesNotHaveBean(IliosMetrics.class));
  }

  @Test
  void theEndpointsAreMountedUnderThePrefixOnlyWhenAskedFor() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(ALL)
            .withBean(OcrBackend.class, FakeOcrBackend::new)
            .withPropertyValues("ilios.data-directory=" + dir);
    web.run(context -> assertThat(context).doesNotHaveBean("iliosServlet"));
    web.withPropertyValues("ilios.web.enabled=true", "ilios.web.prefix=/documents-api")
        .run(
            context -> {
              ServletRegistrationBean<?> servlet =
                  context.getBean("iliosServlet", ServletRegistrationBean.class);
              assertThat(servlet.getUrlMappings()).containsExactly("/documents-api/*");
              assertThat(servlet.getServlet()).isInstanceOf(IliosServlet.class);
              assertThat(servlet.getMultipartConfig().getMaxFileSize()).isEqualTo(1L << 30);
            });
    web.withPropertyValues("ilios.web.enabled=true", "ilios.web.prefix=documents/")
        .run(c -> assertThat(failure(c)).contains("ilios.web.prefix"));
    web.withPropertyValues("ilios.web.enabled=true", "ilios.web.limits.burst=0")
        .run(c -> assertThat(failure(c)).contains("ilios.web.limits").contains("burst"));
    web.withPropertyValues("ilios.web.enabled=true")
        .withClassLoader(new FilteredClassLoader(IliosServlet.class))
        .run(c -> assertThat(failure(c)).contains("ilios.web.enabled").contains("ilios-server"));
    fake()
        .withPropertyValues("ilios.web.enabled=true")
        .run(c -> assertThat(failure(c)).contains("ilios.web.enabled").contains("servlet"));
  }

  @Test
  void theDocsPropertiesTableIsTheGeneratedMetadata() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "spring-boot.md"), StandardCharsets.UTF_8);
    Map<String, String> documented = PropertiesTable.parse(docs);
    Map<String, String> metadata = PropertiesTable.metadata();
    assertThat(documented).as("docs/spring-boot.md's table").isEqualTo(metadata);
  }
}
