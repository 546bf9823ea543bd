package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.testing.GuideSnippets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Java snippet in {@code docs/documents.md} is a tagged region of a test that runs. */
class GuideSnippetsTest {
  static final Path GUIDE = Path.of("..", "docs", "documents.md");
  static final Path SOURCE =
      Path.of("src", "test", "java", "io", "ilios", "documents", "DocumentsGuideTest.java");

  @Test
  void everySnippetOfTheGuideIsCodeThatRuns() throws IOException {
    List<String> regions = GuideSnippets.regions(Files.readString(SOURCE));
    List<String> snippets = GuideSnippets.blocks(GUIDE, "java");
    for (String snippet : snippets) {
      assertThat(regions).as("a tagged region of %s", SOURCE).contains(snippet);
    }
    assertThat(snippets).as("Java snippets in the guide").hasSizeGreaterThanOrEqualTo(8);
  }
}
