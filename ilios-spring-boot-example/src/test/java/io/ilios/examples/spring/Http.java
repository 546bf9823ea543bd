package io.ilios.examples.spring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Real HTTP to the example application on 127.0.0.1, and the sample documents to send. */
final class Http {
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  private Http() {}

  static HttpResponse<String> get(int port, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A multipart POST with every file in {@code field}. */
  static HttpResponse<String> upload(int port, String path, String field, List<byte[]> files)
      throws Exception {
    return CLIENT.send(
        uploadRequest(port, path, field, files), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest uploadRequest(int port, String path, String field, List<byte[]> files) {
    String boundary = UUID.randomUUID().toString();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int n = 0;
    for (byte[] file : files) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + field
                  + "\"; filename=\"doc"
                  + (++n)
                  + ".pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(file);
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
  }

  /** A fresh {@code ilios.data-directory} for one application context. */
  static void temporaryDataDirectory(DynamicPropertyRegistry registry) throws IOException {
    Path data = Files.createTempDirectory("ilios-spring-example");
    registry.add("ilios.data-directory", data::toString);
  }

  /** One of the sample documents of {@code docs/samples}, made by Ilios's own tests. */
  static byte[] sample(String name) throws IOException {
    return Files.readAllBytes(Path.of("..", "docs", "samples", name));
  }
}
