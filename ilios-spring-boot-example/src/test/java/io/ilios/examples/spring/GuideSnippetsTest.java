package io.ilios.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of {@code docs/spring-boot.md} is a tagged region of this application's
 * sources, so it compiles and its tests run it; the properties snippet is the application's own.
 */
class GuideSnippetsTest {
  static final Path GUIDE = Path.of("..", "docs", "spring-boot.md");
  static final Path SOURCES = Path.of("src", "main");

  @Test
  void everySnippetOfTheGuideIsCodeOfTheExample() throws IOException {
    String guide = Files.readString(GUIDE);
    List<String> regions = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Matcher tag =
            Pattern.compile(
                    "(?://|#) tag::(\\w+)\\[\\]\\n(.*?)\\n\\s*(?://|#) end::\\1\\[\\]",
                    Pattern.DOTALL)
                .matcher(Files.readString(f));
        while (tag.find()) {
          regions.add(dedent(tag.group(2)));
        }
      }
    }
    Matcher block =
        Pattern.compile("```(java|properties)\\n(.*?)\\n```", Pattern.DOTALL).matcher(guide);
    int snippets = 0;
    while (block.find()) {
      snippets++;
      assertThat(regions).as("a tagged region of the example").contains(dedent(block.group(2)));
    }
    assertThat(snippets).as("snippets in the guide").isEqualTo(4);
  }

  static String dedent(String text) {
    List<String> lines = text.lines().toList();
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString().strip();
  }
}
