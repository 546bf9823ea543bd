package io.ilios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ilios.s3.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The {@code ilios} command, run in-process on the sample documents. */
class IliosCommandTest extends CommandTestBase {
  @Test
  void convertPrintsMarkdownForEachFile() {
    Cli.Run r = run("convert", sample("report.pdf"), sample("two-columns.pdf"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("<!-- report.pdf -->\n\n# Quarterly Report\n")
        .contains("| Region | Revenue | Growth |")
        .contains("<!-- two-columns.pdf -->\n\n# Two Columns\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void convertWritesJsonInTheServiceShapeIntoAFolder() throws Exception {
    Path out = dir.resolve("out");
    Cli.Run r =
        run(
            "convert",
            sample("note.png"),
            sample("report.pdf"),
            "--format",
            "json",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("report.pdf -> ").contains("(2 pages, ");
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertThat(report.get("content").asText()).startsWith("# Quarterly Report");
    assertThat(report.get("metadata").get("extractedPages").asInt()).isEqualTo(2);
    assertThat(report.get("metadata").get("mimeType").asText()).isEqualTo("application/pdf");
    assertThat(report.get("metadata").get("model").asText()).isEqualTo("ilios-local-1");
    assertThat(report.get("metadata").get("pageProcessingTimesMs")).hasSize(2);
    assertThat(report.get("usage").get("total_tokens").asInt()).isZero();
    assertThat(JSON.readTree(out.resolve("note.json").toFile()).get("content").asText())
        .contains("Scanned pages are read with Tesseract");
  }

  @Test
  void aFileThatFailsGivesOneLineOnStderrAndExitCodeOne() throws Exception {
    Path empty = Files.write(dir.resolve("empty.pdf"), new byte[0]);
    Cli.Run r = run("convert", empty.toString(), sample("two-columns.pdf"));
    assertThat(r.code()).isEqualTo(IliosCommand.FAILED);
    assertThat(r.err()).isEqualTo("ilios: empty.pdf is empty\n");
    assertThat(r.out()).contains("# Two Columns"); // the other file still converted
  }

  @Test
  void batchQueuesAFolderShowsProgressAndWritesJsonl() throws Exception {
    Cli.Run r = run("batch", SAMPLES.toString(), "--priority", "8");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    for (String line : lines) {
      JsonNode doc = JSON.readTree(line);
      assertThat(doc.get("status").asText()).isEqualTo("completed");
      assertThat(doc.get("content").asText()).isNotBlank();
    }
    assertThat(r.err())
        .contains("4 documents queued")
        .contains("progress 4/4: 4 completed, 0 failed")
        .contains("completed: 4 completed, 0 failed");

    String id = JSON.readTree(lines.get(0)).get("id").asText();
    Cli.Run status = run("status", id);
    assertThat(status.code()).isZero();
    assertThat(JSON.readTree(status.out()).get("status").asText()).isEqualTo("completed");
    String batchId = JSON.readTree(status.out()).get("batchId").asText();
    JsonNode batch = JSON.readTree(run("status", batchId).out());
    assertThat(batch.get("progress").get("completed").asInt()).isEqualTo(4);

    JsonNode usage = JSON.readTree(run("usage", "--format", "json").out());
    assertThat(usage.get("totalOperations").asInt()).isEqualTo(4);
    assertThat(usage.get("byOperation").get(0).get("operation").asText()).isEqualTo("batch");
    assertThat(run("usage").out()).contains("total").contains("batch");
  }

  @Test
  void aDocumentThatFailsInABatchMakesExitCodeOne() throws Exception {
    Path corrupt =
        Files.write(dir.resolve("corrupt.pdf"), "%PDF-1.7\nnot a pdf\n%%EOF\n".getBytes());
    Path out = dir.resolve("results.jsonl");
    Cli.Run r =
        run("batch", corrupt.toString(), sample("two-columns.pdf"), "--out", out.toString());
    assertThat(r.code()).isEqualTo(IliosCommand.FAILED);
    List<String> lines = Files.readAllLines(out);
    JsonNode failed = JSON.readTree(lines.get(0));
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("error").asText()).contains("corrupt.pdf is not a readable PDF");
    assertThat(r.err()).contains("1 completed, 1 failed");
  }

  @Test
  void badUsageAndConfigurationExitWithTwo() {
    Cli.Run unknownCommand = run("frobnicate");
    assertThat(unknownCommand.code()).isEqualTo(IliosCommand.USAGE);
    Cli.Run unknownBackend = run("convert", "--backend", "nope", sample("report.pdf"));
    assertThat(unknownBackend.code()).isEqualTo(IliosCommand.USAGE);
    assertThat(unknownBackend.err())
        .isEqualTo(
            "ilios: no OCR backend named 'nope' in this build; available: [local, mistral]\n");
    Cli.Run unknownId = run("status", "no-such-id");
    assertThat(unknownId.code()).isEqualTo(IliosCommand.USAGE);
    assertThat(unknownId.err())
        .isEqualTo("ilios: no document or batch no-such-id for owner default\n");
    env.put("ILIOS_WORKERS", "many");
    Cli.Run badEnv = run("batch", sample("report.pdf"));
    assertThat(badEnv.code()).isEqualTo(IliosCommand.USAGE);
    assertThat(badEnv.err()).isEqualTo("ilios: ILIOS_WORKERS must be a number, was 'many'\n");
  }

  @Test
  void errorsAreOneLineUnlessVerbose() {
    Cli.Run quiet = run("status", "no-such-id");
    assertThat(quiet.err().lines()).hasSize(1);
    Cli.Run verbose = run("status", "no-such-id", "--verbose");
    assertThat(verbose.err())
        .startsWith("ilios: no document or batch no-such-id")
        .contains("java.lang.IllegalArgumentException")
        .contains("\tat io.ilios.cli.StatusCommand.call");
  }

  @Test
  void aMistralKeyChoosesTheMistralBackendUnlessAFlagSaysOtherwise() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
              return new MockResponse.Builder()
                  .code(200)
                  .body(
                      "{\"model\":\"mistral-ocr-2512\",\"pages\":[{\"index\":0,"
                          + "\"markdown\":\"# From Mistral\",\"images\":[]}],"
                          + "\"usage_info\":{\"pages_processed\":1}}")
                  .build();
            }
          });
      server.start();
      env.put("MISTRAL_API_KEY", "sk-test-cli");
      env.put("MISTRAL_BASE_URL", server.url("/").toString());
      Cli.Run mistral = run("convert", sample("note.png"), "--format", "json");
      assertThat(mistral.code()).as(mistral.err()).isZero();
      JsonNode json = JSON.readTree(mistral.out());
      assertThat(json.get("content").asText()).isEqualTo("# From Mistral");
      assertThat(json.get("metadata").get("model").asText()).isEqualTo("mistral-ocr-2512");
      assertThat(json.get("costMicros").asLong()).isEqualTo(1_300); // USD 0.001 a page + 30 %
      assertThat(server.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Bearer sk-test-cli");
      assertThat(mistral.err()).doesNotContain("sk-test-cli");

      Cli.Run local = run("convert", sample("note.png"), "--backend", "local");
      assertThat(local.out()).contains("Scanned pages are read with Tesseract");
    }
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("convert", "batch", "status", "usage")) {
      Cli.Run r = run(command, "--help");
      assertThat(r.code()).isZero();
      assertThat(r.out()).startsWith("Usage: ilios " + command);
    }
    Cli.Run top = run("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("convert").contains("batch").contains("Exit codes: 0 success");
  }

  @Test
  void originalsGoToS3WhenABucketIsConfigured() throws Exception {
    try (S3Server s3 = new S3Server(dir.resolve("s3"))) {
      env.put("S3_BUCKET", S3Server.BUCKET);
      env.put("S3_PREFIX", "cli/");
      env.put("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
      env.put("AWS_ACCESS_KEY_ID", S3Server.ACCESS);
      env.put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET);
      Cli.Run r = run("convert", sample("report.pdf"));
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("# Quarterly Report");
      try (S3Client admin = s3.client(S3Server.SECRET, true)) {
        var objects = admin.listObjectsV2(b -> b.bucket(S3Server.BUCKET).prefix("cli/")).contents();
        assertThat(objects).hasSize(1);
        assertThat(objects.get(0).size()).isEqualTo(Files.size(Path.of(sample("report.pdf"))));
      }
      assertThat(dir.resolve("data").resolve("blobs")).doesNotExist();

      env.put("AWS_SECRET_ACCESS_KEY", "wrong-secret");
      Cli.Run denied = run("convert", sample("report.pdf"));
      assertThat(denied.code()).isNotZero();
      assertThat(denied.err()).contains("access denied").doesNotContain("wrong-secret");
    }
  }
}
