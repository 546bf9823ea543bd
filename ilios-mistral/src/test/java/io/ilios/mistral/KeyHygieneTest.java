package io.ilios.mistral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.OcrException;
import io.ilios.RetryPolicy;
import io.ilios.spi.OcrInput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key appears in no log line, exception message or {@code toString()}, across success,
 * retries, uploads and failures, with the backend logging at debug level.
 */
class KeyHygieneTest {
  static final String KEY = "sk-hygiene-7f3a9c";

  @TempDir Path dir;

  @Test
  void theKeyIsInNoLogLineNoMessageAndNoToString() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    StringBuilder messages = new StringBuilder();
    try (FakeMistral mistral = new FakeMistral()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try (MistralOcr backend =
          MistralOcr.builder()
              .apiKey(KEY)
              .baseUrl(mistral.baseUrl())
              .maxInlineBytes(100) // the upload path too
              .retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(5), 0))
              .tempDirectory(dir)
              .build()) {
        byte[] pdf = Pdfs.numbered(2);
        OcrInput input =
            new OcrInput(
                "a.pdf", "application/pdf", pdf.length, () -> new ByteArrayInputStream(pdf), dir);
        backend.convert(input);
        mistral.then(FakeMistral.status(503, "{\"message\":\"busy\"}"));
        backend.convert(input); // a retry
        mistral.then(
            FakeMistral.status(401, "{\"message\":\"Unauthorized\"}"),
            FakeMistral.status(401, "{\"message\":\"Unauthorized\"}"));
        assertThatThrownBy(() -> backend.convert(input))
            .isInstanceOf(OcrException.class)
            .satisfies(e -> messages.append(e.getMessage()).append(e));
        messages.append(backend);
      }
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("POST /v1/ocr -> 200").contains("retrying"); // logging was on
    assertThat(logs).doesNotContain(KEY);
    assertThat(messages.toString()).isNotEmpty().doesNotContain(KEY);
  }
}
