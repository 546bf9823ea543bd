package io.ilios.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.testing.GuideSnippets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of {@code docs/spring-boot.md} is a tagged region of this application's
 * sources, so it compiles and its tests run it; the properties snippet is the application's own.
 */
class GuideSnippetsTest {
  static final Path GUIDE = Path.of("..", "docs", "spring-boot.md");

  @Test
  void everySnippetOfTheGuideIsCodeOfTheExample() throws IOException {
    List<String> regions = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src", "main"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        regions.addAll(GuideSnippets.regions(Files.readString(f)));
      }
    }
    List<String> snippets = GuideSnippets.blocks(GUIDE, "java|properties");
    for (String snippet : snippets) {
      assertThat(regions).as("a tagged region of the example").contains(snippet);
    }
    assertThat(snippets).as("snippets in the guide").hasSize(4);
  }
}
