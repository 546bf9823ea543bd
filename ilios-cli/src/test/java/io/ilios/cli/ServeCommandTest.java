package io.ilios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ilios serve} as a user runs it: its own JVM, a key from the environment, a document
 * converted over HTTP, and a clean stop on SIGTERM.
 */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void servesTheApiWithTheKeyFromTheEnvironmentAndStopsOnSigterm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        Path.of("target", "classes").toAbsolutePath()
            + File.pathSeparator
            + Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(java, "-cp", classpath, Main.class.getName(), "serve", "--port", "0"))
            .redirectErrorStream(true);
    pb.environment().put("ILIOS_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("ILIOS_WORKERS", "1");
    pb.environment().put("ILIOS_API_KEY", "serve-test-key-0123456789");
    Process p = pb.start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      URI base = null;
      Pattern serving = Pattern.compile("serving (http://\\S+) with backend local");
      for (String line; base == null && (line = out.readLine()) != null; ) {
        Matcher m = serving.matcher(line);
        if (m.find()) {
          base = URI.create(m.group(1));
        }
      }
      assertThat(base).as("the server announced its address").isNotNull();
      assertThat(base.getHost()).isEqualTo("127.0.0.1");

      OkHttpClient http = new OkHttpClient();
      try (Response refused =
          http.newCall(
                  new Request.Builder().url(base.resolve("/api/usage/summary").toString()).build())
              .execute()) {
        assertThat(refused.code()).isEqualTo(401);
      }
      byte[] pdf = Files.readAllBytes(Path.of(Cli.sample("report.pdf")));
      try (Response converted =
          http.newCall(
                  new Request.Builder()
                      .url(base.resolve("/v1/convert").toString())
                      .header("Authorization", "Bearer serve-test-key-0123456789")
                      .header("X-File-Name", "report.pdf")
                      .post(RequestBody.create(pdf, MediaType.get("application/pdf")))
                      .build())
              .execute()) {
        assertThat(converted.code()).isEqualTo(200);
        assertThat(converted.body().string()).contains("# Quarterly Report");
      }

      p.destroy(); // SIGTERM: stop accepting, finish, close Ilios
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
  }
}
