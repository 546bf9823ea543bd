package io.ilios.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilios.Ilios;
import io.ilios.testing.Documents;
import io.ilios.testing.IliosFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Owners never see each other's records over HTTP: four keys submit documents and batches, convert,
 * and read random ids of documents, originals and batches (and exports), and read their usage.
 * Every read of another owner's record answers 404 {@code not found}, exactly like an unknown id,
 * and usage counts only the reader's own conversions.
 */
class OwnerIsolationProperties {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, String> KEYS =
      Map.of(
          "alice", "alice-key-000000000000",
          "bob", "bob-key-00000000000000",
          "carol", "carol-key-000000000000",
          "tenant-42", "tenant-42-key-00000000");

  private static Path dir;
  private static IliosFixture fixture;
  private static Ilios ilios;
  private static IliosServer server;
  private static final OkHttpClient http = new OkHttpClient();

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("ilios-server-owners");
    fixture = new IliosFixture(dir);
    ilios = fixture.start(fixture.builder().retentionSweepInterval(Duration.ZERO));
    ApiKeys.Builder keys = ApiKeys.builder();
    KEYS.forEach((owner, key) -> keys.key(key, owner));
    server =
        IliosServer.create(
                ilios,
                ServerConfig.builder()
                    .port(0)
                    .apiKeys(keys.build())
                    .defaultLimits(new Limits(1_000_000, 1_000_000, 100, 0))
                    .uploadDirectory(dir.resolve("uploads"))
                    .build())
            .start();
  }

  @AfterContainer
  static void stop() throws IOException {
    server.close();
    fixture.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  record Op(String kind, String owner, int target) {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<String> owners = Arbitraries.of(List.copyOf(KEYS.keySet()));
    Arbitrary<String> kinds =
        Arbitraries.of(
            "submit",
            "batch",
            "convert",
            "status",
            "markdown",
            "original",
            "batch-status",
            "download",
            "usage");
    return Combinators.combine(kinds, owners, Arbitraries.integers().between(0, 30))
        .as(Op::new)
        .list()
        .ofMinSize(5)
        .ofMaxSize(25);
  }

  /** CONVERT operations of earlier tries, per owner, since the store outlives each try. */
  private static final Map<String, Long> baseline = new HashMap<>();

  @Property(tries = 25)
  void noOwnerEverSeesAnotherOwnersRecords(@ForAll("operations") List<Op> ops) throws Exception {
    Map<String, String> documents = new HashMap<>();
    Map<String, String> batches = new HashMap<>();
    Map<String, Integer> conversions = new HashMap<>();
    for (Op op : ops) {
      switch (op.kind()) {
        case "submit" ->
            documents.put(
                json(post(op, "/api/documents/submit", form(op, "file", 1))).get("id").asText(),
                op.owner());
        case "batch" ->
            batches.put(
                json(post(op, "/v1/batch/submit", form(op, "files", 2))).get("batchId").asText(),
                op.owner());
        case "convert" -> {
          documents.put(
              json(post(op, "/v1/convert?format=json", form(op, "file", 1))).get("id").asText(),
              op.owner());
          conversions.merge(op.owner(), 1, Integer::sum);
        }
        case "usage" -> {
          JsonNode usage = json(get(op, "/api/usage/breakdown"));
          long converts = 0;
          for (JsonNode row : usage.get("byOperation")) {
            if (row.get("operation").asText().equals("convert")) {
              converts = row.get("totalOperations").asLong();
            }
          }
          assertThat(converts - baseline.getOrDefault(op.owner(), 0L))
              .isEqualTo((long) conversions.getOrDefault(op.owner(), 0));
        }
        case "status", "markdown", "original" -> {
          String id = pick(documents, op.target());
          String path =
              switch (op.kind()) {
                case "status" -> "/api/documents/status/" + id;
                case "markdown" -> "/api/documents/" + id;
                default -> "/api/documents/" + id + "/original";
              };
          expect(op, documents.get(id), path);
        }
        default -> {
          String id = pick(batches, op.target());
          expect(
              op,
              batches.get(id),
              op.kind().equals("download") ? "/v1/batch/download/" + id : "/v1/batch/status/" + id);
        }
      }
    }
    conversions.forEach((owner, n) -> baseline.merge(owner, (long) n, Long::sum));
  }

  /** Half the targets are ids made in this try, the rest unknown ids. */
  static String pick(Map<String, String> owners, int target) {
    if (owners.isEmpty() || target % 2 == 1) {
      return UUID.randomUUID().toString();
    }
    List<String> ids = new ArrayList<>(owners.keySet());
    ids.sort(Comparator.naturalOrder());
    return ids.get(target % ids.size());
  }

  /** The owner reads its record (not 404); anyone else gets 404, as for an unknown id. */
  static void expect(Op op, String recordOwner, String path) throws IOException {
    try (Response r = get(op, path)) {
      String body = r.body().string();
      if (op.owner().equals(recordOwner)) {
        assertThat(r.code()).as("%s reads its own %s: %s", op.owner(), path, body).isIn(200, 202);
      } else {
        assertThat(r.code()).as("%s reads %s of %s", op.owner(), path, recordOwner).isEqualTo(404);
        assertThat(body).isEqualTo("{\"error\":\"not found\"}");
      }
    }
  }

  static RequestBody form(Op op, String field, int files) {
    MultipartBody.Builder b = new MultipartBody.Builder().setType(MultipartBody.FORM);
    for (int i = 0; i < files; i++) {
      String name = op.owner() + "-" + op.target() + "-" + i + ".pdf";
      b.addFormDataPart(
          field, name, RequestBody.create(Documents.pdf(name), MediaType.get("application/pdf")));
    }
    return b.build();
  }

  static Response post(Op op, String path, RequestBody body) throws IOException {
    return http.newCall(
            new Request.Builder()
                .url(server.uri() + path)
                .header("Authorization", "Bearer " + KEYS.get(op.owner()))
                .post(body)
                .build())
        .execute();
  }

  static Response get(Op op, String path) throws IOException {
    return http.newCall(
            new Request.Builder()
                .url(server.uri() + path)
                .header("Authorization", "Bearer " + KEYS.get(op.owner()))
                .build())
        .execute();
  }

  static JsonNode json(Response r) throws IOException {
    try (r) {
      String body = r.body().string();
      assertThat(r.code()).as(body).isIn(200, 202);
      return JSON.readTree(body);
    }
  }
}
