package io.ilios.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Tomcat parses the uploads of the mounted endpoints: past the limit, 413 and the typed body. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "ilios.web.max-upload-size=16KB")
class UploadLimitTest {

  @DynamicPropertySource
  static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
    Http.temporaryDataDirectory(registry);
  }

  @Value("${local.server.port}")
  int port;

  @Test
  void anUploadOverTheLimitIsRefusedWith413() throws Exception {
    HttpResponse<String> r =
        Http.upload(port, "/ilios/v1/convert", "file", List.of(new byte[64 * 1024]));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"error\"");
    HttpResponse<String> small =
        Http.upload(port, "/ilios/v1/convert", "file", List.of(Http.sample("two-columns.pdf")));
    assertThat(small.statusCode()).as("under the limit").isEqualTo(200);
  }
}
