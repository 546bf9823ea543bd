package io.ilios.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.testing.ChildProcesses;
import java.io.InputStream;
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

  @Test
  void aOneGibUploadAndItsDownloadRunWithA256MibHeap() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path out = dir.resolve("child.out");
    Process child = ChildProcesses.startJava("256m", LargeUploadChild.class, out, data.toString());
    try {
      Path portFile = data.resolve("port");
      while (!Files.exists(portFile)) {
        assertThat(child.isAlive()).as("the server started: %s", Files.readString(out)).isTrue();
        Thread.onSpinWait();
        TimeUnit.MILLISECONDS.sleep(20);
      }
      String base = "http://127.0.0.1:" + Files.readString(portFile).strip();
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

      String status = "";
      for (int i = 0; i < 3000 && !status.contains("\"completed\""); i++) {
        try (Response r =
            http.newCall(new Request.Builder().url(base + "/api/documents/status/" + id).build())
                .execute()) {
          status = r.body().string();
        }
        assertThat(status).doesNotContain("\"failed\"");
        TimeUnit.MILLISECONDS.sleep(100);
      }
      assertThat(status).contains("\"completed\"");
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
      assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
      String output = Files.readString(out);
      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output).contains("max heap 256 MiB").doesNotContain("OutOfMemoryError");
    } finally {
      child.destroyForcibly();
    }
  }
}
