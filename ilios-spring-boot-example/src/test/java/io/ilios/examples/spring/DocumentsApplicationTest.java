package io.ilios.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Batch;
import io.ilios.BatchStatus;
import io.ilios.Documents;
import io.ilios.Job;
import io.ilios.JobQueue;
import io.ilios.JobStatus;
import io.ilios.SubmitOptions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application over real HTTP on a random port: its own controller converts a PDF and
 * queues a batch, the starter's reference endpoints answer under {@code /ilios}, and Actuator
 * reports Ilios's health and meters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DocumentsApplicationTest {
  static final Duration WAIT = Duration.ofSeconds(120);

  @DynamicPropertySource
  static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
    Http.temporaryDataDirectory(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired Documents documents;

  @Autowired JobQueue jobs;

  HttpResponse<String> get(String path) throws Exception {
    return Http.get(port, path);
  }

  HttpResponse<String> upload(String path, String field, List<byte[]> files) throws Exception {
    return Http.upload(port, path, field, files);
  }

  static byte[] sample(String name) throws IOException {
    return Http.sample(name);
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }

  @Test
  void theApplicationsControllerConvertsASamplePdf() throws Exception {
    HttpResponse<String> r = upload("/convert", "file", List.of(sample("report.pdf")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("# Quarterly Report").contains("## Summary");
  }

  @Test
  void aBatchSubmittedThroughTheControllerIsConvertedByTheWorkers() throws Exception {
    HttpResponse<String> r =
        upload(
            "/batches",
            "files",
            List.of(sample("report.pdf"), sample("two-columns.pdf"), sample("scanned.pdf")));
    assertThat(r.statusCode()).isEqualTo(200);
    String id = field(r.body(), "batchId");
    Batch done = documents.awaitBatch(SubmitOptions.DEFAULT_OWNER, id, WAIT);
    assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
    HttpResponse<String> status = get("/batches/" + id);
    assertThat(field(status.body(), "completed")).isEqualTo("3");
    // The same batch through the reference endpoints the starter mounted.
    HttpResponse<String> reference = get("/ilios/v1/batch/status/" + id);
    assertThat(reference.statusCode()).isEqualTo(200);
    assertThat(reference.body()).contains(id).contains("\"completed\"");
  }

  @Test
  void theApplicationsOwnPlainJobRunsOnTheWorkers() throws Exception {
    long id = jobs.submit(WordCountJobs.WORDS, "three short words", SubmitOptions.defaults());
    Job done = jobs.await(SubmitOptions.DEFAULT_OWNER, id, WAIT);
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.result()).contains("3");
  }

  @Test
  void theReferenceEndpointsAnswerUnderThePrefix() throws Exception {
    HttpResponse<String> r =
        upload("/ilios/v1/convert", "file", List.of(sample("two-columns.pdf")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Document-Id")).isPresent();
    assertThat(r.body()).isNotBlank();
    assertThat(get("/ilios/health").body()).contains("\"store\":\"ok\"");
    assertThat(get("/ilios/api/documents/status/no-such-id").statusCode()).isEqualTo(404);
    assertThat(get("/ilios/metrics").statusCode())
        .as("the application's actuator serves metrics, not the endpoints")
        .isEqualTo(404);
  }

  @Test
  void actuatorReportsIliosHealthAndMeters() throws Exception {
    upload("/convert", "file", List.of(sample("report.pdf")));
    get("/ilios/health"); // timed by the reference endpoints
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"ilios\"")
        .contains("\"backend\":\"local\"")
        .contains("\"oldestPendingAge\"")
        .contains("\"workers\":\"running\"");
    HttpResponse<String> conversions = get("/actuator/metrics/ilios.conversions");
    assertThat(conversions.statusCode()).isEqualTo(200);
    assertThat(conversions.body()).contains("\"measurements\"");
    assertThat(get("/actuator/metrics/ilios.jobs").statusCode()).isEqualTo(200);
    assertThat(get("/actuator/metrics/ilios.http.requests").statusCode())
        .as("request timers of the reference endpoints go to the application's registry")
        .isEqualTo(200);
  }
}
