package io.ilios.examples.spring;

import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.SubmitOptions;
import io.ilios.server.IliosServer;
import io.ilios.server.Limits;
import io.ilios.server.ServerConfig;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.LoadRows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same requests, side by side in one run, to the reference endpoints two ways over one {@code
 * Ilios}: mounted in the example application's Tomcat by the starter ({@code /ilios/...}), and on
 * {@code IliosServer}'s own Jetty; plus the application's own controller. The fake backend answers
 * at once, so the rows show what the HTTP layers cost. Not a test; run it with
 *
 * <pre>
 * ./mvnw -q -B -DskipTests -pl ilios-spring-boot-example -am install
 * ./mvnw -q -B -pl ilios-spring-boot-example exec:java \
 *     -Dexec.mainClass=io.ilios.examples.spring.EndpointsLoad -Dexec.classpathScope=test \
 *     -Dexec.args="10 4"
 * </pre>
 */
public final class EndpointsLoad {
  private EndpointsLoad() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path data = Files.createTempDirectory("ilios-endpoints-load");
    FakeOcrBackend instant = new FakeOcrBackend();
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(DocumentsApplication.class)
            .initializers(c -> c.getBeanFactory().registerSingleton("instantBackend", instant))
            .run(
                "--server.port=0",
                "--ilios.data-directory=" + data,
                "--ilios.max-concurrent-conversions=64",
                "--ilios.web.limits.requests-per-second=1000000",
                "--ilios.web.limits.burst=1000000",
                "--ilios.web.limits.concurrent-conversions=1000",
                "--logging.level.root=warn",
                "--spring.main.banner-mode=off");
    Ilios ilios = app.getBean(Ilios.class);
    int tomcat = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    try (IliosServer jetty =
        IliosServer.create(
                ilios,
                ServerConfig.builder()
                    .port(0)
                    .uploadDirectory(data.resolve("server-uploads"))
                    .defaultLimits(new Limits(1_000_000, 1_000_000, 1_000, 0))
                    .build())
            .start()) {
      byte[] pdf = Documents.pdf("load");
      String id =
          ilios.converter().convert(DocumentSource.of(pdf, "s.pdf"), SubmitOptions.defaults()).id();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String spring = "http://127.0.0.1:" + tomcat;
      String server = jetty.uri().toString();
      System.out.printf(
          "%d s per row, %d client threads, SQLite, loopback HTTP/1.1, JDK HttpClient%n%n",
          seconds, clients);
      LoadRows.header();
      // Twice in turns, so that neither side always runs on the colder JVM.
      for (int round = 1; round <= 2; round++) {
        LoadRows.row(
            "GET status: Spring Boot (Tomcat), /ilios mounted",
            seconds,
            clients,
            () -> get(http, spring + "/ilios/api/documents/status/" + id));
        LoadRows.row(
            "GET status: IliosServer (Jetty)",
            seconds,
            clients,
            () -> get(http, server + "/api/documents/status/" + id));
        LoadRows.row(
            "POST convert: Spring Boot (Tomcat), /ilios mounted",
            seconds,
            clients,
            () -> post(http, spring + "/ilios/v1/convert", pdf));
        LoadRows.row(
            "POST convert: IliosServer (Jetty)",
            seconds,
            clients,
            () -> post(http, server + "/v1/convert", pdf));
        LoadRows.row(
            "POST convert: the application's own controller",
            seconds,
            clients,
            () ->
                http.send(
                        Http.uploadRequest(tomcat, "/convert", "file", java.util.List.of(pdf)),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode());
        LoadRows.row(
            "GET /actuator/health (for scale)",
            seconds,
            clients,
            () -> get(http, spring + "/actuator/health"));
      }
    } finally {
      app.close();
    }
  }

  static int get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  static int post(HttpClient http, String url, byte[] pdf) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/pdf")
                .header("X-File-Name", "doc.pdf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pdf))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
