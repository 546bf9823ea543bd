package io.ilios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilios.local.hostile.HostileDocuments;
import io.ilios.local.hostile.HostileDocuments.Case;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every hostile case through {@code ilios batch} on one folder, beside a good document. */
class CliHostileTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aFolderOfHostileDocumentsFailsEachAloneAndConvertsTheGoodOne() throws Exception {
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    List<Case> cases = HostileDocuments.all();
    for (Case c : cases) {
      Files.write(inbox.resolve(c.name()), c.bytes());
    }
    Files.write(inbox.resolve("good.pdf"), HostileDocuments.textPdf("A good document", 1));
    Cli.Run r = new Cli(dir).run("batch", inbox.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(IliosCommand.FAILED);

    Map<String, JsonNode> byName = new HashMap<>();
    for (String line : r.out().lines().toList()) {
      JsonNode doc = JSON.readTree(line);
      byName.put(doc.get("fileName").asText(), doc);
    }
    assertThat(byName.get("good.pdf").get("status").asText()).isEqualTo("completed");
    for (Case c : cases) {
      JsonNode doc = byName.get(c.name());
      switch (c.expect()) {
        case REFUSED -> {
          assertThat(doc).as(c.name()).isNull();
          assertThat(r.err()).contains(c.name()).contains(c.errorContains());
        }
        case FAILED -> {
          assertThat(doc.get("status").asText()).as(c.name()).isEqualTo("failed");
          assertThat(doc.get("error").asText()).contains(c.errorContains());
        }
        case CONVERTED ->
            assertThat(doc.get("status").asText()).as(c.name()).isEqualTo("completed");
        case SURVIVED -> assertThat(doc.get("status").asText()).isIn("completed", "failed");
      }
    }
    assertThat(r.err()).doesNotContain("Exception:\n", "\tat ");
  }
}
