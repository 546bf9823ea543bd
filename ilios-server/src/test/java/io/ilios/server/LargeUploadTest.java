package io.ilios.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB document uploaded over HTTP, queued, converted and downloaded again, by a server whose
 * JVM has a 256 MiB heap: the upload spools to disk as it arrives and every step streams.
 */
class LargeUploadTest {
  static final long SIZE = 1L << 30;

  @TempDir Path dir;

  /** Reads the child's lines until one starts with {@code prefix}; returns the rest of it. */
  static String next(BufferedReader said, String prefix, StringBuilder output) throws IOException {
    for (String line; (line = said.readLine()) != null; ) {
      output.append(line).append('\n');
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length());
      }
    }
    throw new AssertionError("the child ended before saying '" + prefix + "':\n" + output);
  }

  @Test
  void aOneGibUploadAndItsDownloadRunWithA256MibHeap() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                LargeUploadChild.class.getName(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader said =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder output = new StringBuilder();
    try {
      String base = "http://127.0.0.1:" + next(said, "port ", output);
      OkHttpClient http =
          new OkHttpClient.Builder()
              .readTimeout(Duration.ofMinutes(5))
              .writeTimeout(Duration.ofMinutes(5))
              .build();

      MessageDigest sent = MessageDigest.getInstance("SHA-256");
      RequestBody huge =
          new RequestBody() {
            @Override
            public MediaType contentType() {
              return MediaType.get("application/pdf");
            }

            @Override
            public long contentLength() {
              return SIZE;
            }

            @Override
            public void writeTo(BufferedSink sink) throws java.io.IOException {
              byte[] head = "%PDF-1.7\n% a large scan\n".getBytes(StandardCharsets.US_ASCII);
              byte[] tail = "\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
              byte[] zeros = new byte[1 << 20];
              write(sink, head, head.length);
              long left = SIZE - head.length - tail.length;
              while (left > 0) {
                int n = (int) Math.min(zeros.length, left);
                write(sink, zeros, n);
                left -= n;
              }
              write(sink, tail, tail.length);
            }

            private void write(BufferedSink sink, byte[] b, int n) throws java.io.IOException {
              sent.update(b, 0, n);
              sink.write(b, 0, n);
            }
          };
      String id;
      try (Response r =
          http.newCall(
                  new Request.Builder()
                      .url(base + "/api/documents/submit")
                      .post(
                          new MultipartBody.Builder()
                              .setType(MultipartBody.FORM)
                              .addFormDataPart("file", "huge.pdf", huge)
                              .build())
                      .build())
              .execute()) {
        String body = r.body().string();
        assertThat(r.code()).as(body).isEqualTo(202);
        assertThat(body).contains("\"fileSize\":" + SIZE);
        id = body.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
      }
      String expected = HexFormat.of().formatHex(sent.digest());

      // The child says when the document has ended: no polling.
      assertThat(next(said, "ended " + id + " ", output)).isEqualTo("COMPLETED");
      try (Response r =
          http.newCall(new Request.Builder().url(base + "/api/documents/" + id).build())
              .execute()) {
        assertThat(r.body().string()).contains(SIZE + " bytes, sha256 " + expected);
      }
      MessageDigest received = MessageDigest.getInstance("SHA-256");
      long length = 0;
      try (Response r =
              http.newCall(
                      new Request.Builder()
                          .url(base + "/api/documents/" + id + "/original")
                          .build())
                  .execute();
          InputStream in = r.body().byteStream()) {
        byte[] buf = new byte[1 << 20];
        for (int n; (n = in.read(buf)) > 0; ) {
          received.update(buf, 0, n);
          length += n;
        }
      }
      assertThat(length).isEqualTo(SIZE);
      assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(expected);

      child.getOutputStream().close();
      assertThat(next(said, "max heap ", output)).isEqualTo("256 MiB");
      for (String line; (line = said.readLine()) != null; ) {
        output.append(line).append('\n');
      }
      assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(child.exitValue()).as(output.toString()).isZero();
      assertThat(output.toString()).doesNotContain("OutOfMemoryError");
    } finally {
      child.destroyForcibly();
    }
  }
}
