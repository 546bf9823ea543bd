package io.ilios.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Ilios;
import io.ilios.testing.Documents;
import io.ilios.testing.IliosFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoints mounted as a servlet in a container of the application's (here a plain Jetty
 * servlet context under {@code /app}, mapped to {@code /ilios/*}): the paths below the mapping, the
 * shapes, keys, and anonymous access from loopback only.
 */
class IliosServletTest {
  @TempDir Path dir;
  IliosFixture fixture;
  Ilios ilios;
  Server jetty;
  SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.stop();
    }
    fixture.close();
  }

  /** Mounts the servlet and returns the port; every address when {@code allAddresses}. */
  int mount(ServerConfig config, boolean allAddresses) throws Exception {
    fixture = new IliosFixture(dir);
    ilios = fixture.start();
    IliosServlet servlet = IliosServlet.create(ilios, config, registry);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(allAddresses ? "0.0.0.0" : "127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/app");
    ServletHolder holder = new ServletHolder(servlet);
    holder.getRegistration().setMultipartConfig(servlet.multipartConfig());
    context.addServlet(holder, "/ilios/*");
    jetty.setHandler(context);
    jetty.start();
    return connector.getLocalPort();
  }

  ServerConfig.Builder config() {
    return ServerConfig.builder().uploadDirectory(dir.resolve("uploads")).maxUploadSize(1 << 20);
  }

  Response get(String url, String key) throws Exception {
    Request.Builder b = new Request.Builder().url(url);
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.newCall(b.build()).execute();
  }

  @Test
  void theEndpointsAnswerBelowTheMappingWithTheServersShapesAndKeys() throws Exception {
    int port =
        mount(config().apiKeys(ApiKeys.of(Map.of("alice-key-0123456789", "alice"))).build(), false);
    String base = "http://127.0.0.1:" + port + "/app/ilios";
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(base + "/v1/convert")
                    .header("Authorization", "Bearer alice-key-0123456789")
                    .post(ServerTest.file("file", "a.pdf", Documents.pdf("mounted")))
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("X-Document-Id")).isNotBlank();
      assertThat(r.body().string()).startsWith("# a.pdf");
    }
    try (Response r = get(base + "/api/usage/summary", null)) {
      assertThat(r.code()).isEqualTo(401);
    }
    try (Response r = get(base + "/api/documents/status/unknown", "alice-key-0123456789")) {
      assertThat(r.code()).isEqualTo(404);
      assertThat(r.body().string()).contains("\"error\"");
    }
    try (Response r = get(base + "/health", null)) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r = get(base + "/metrics", "alice-key-0123456789")) {
      assertThat(r.code()).as("the application serves its own metrics").isEqualTo(404);
    }
    try (Response r = get("http://127.0.0.1:" + port + "/app/v1/convert", null)) {
      assertThat(r.code()).as("nothing outside the mapping").isEqualTo(404);
    }
    assertThat(registry.find("ilios.http.requests").timers()).isNotEmpty();
    assertThat(registry.find("ilios.jobs").meters())
        .as("Ilios's own meters are the application's to bind")
        .isEmpty();
  }

  @Test
  void withoutKeysOnlyLoopbackIsAnsweredUnlessAllowed() throws Exception {
    Optional<InetAddress> other = nonLoopbackAddress();
    Assumptions.assumeTrue(other.isPresent(), "this machine has no address but loopback");
    int port = mount(config().build(), true);
    String path = ":" + port + "/app/ilios/api/usage/summary";
    try (Response r = get("http://127.0.0.1" + path, null)) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r = get("http://" + other.get().getHostAddress() + path, null)) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.body().string()).contains("from other hosts");
    }
    jetty.stop();
    fixture.close();
    jetty = null;
    dir = dir.resolve("again");
    port = mount(config().allowAnonymousRemote(true).build(), true);
    try (Response r =
        get(
            "http://" + other.get().getHostAddress() + ":" + port + "/app/ilios/api/usage/summary",
            null)) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!n.isUp() || n.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(n.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
