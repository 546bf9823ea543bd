package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every Java snippet in {@code docs/documents.md} is a tagged region of a test that runs. */
class GuideSnippetsTest {
  static final Path GUIDE = Path.of("..", "docs", "documents.md");
  static final Path SOURCE =
      Path.of("src", "test", "java", "io", "ilios", "documents", "DocumentsGuideTest.java");

  @Test
  void everySnippetOfTheGuideIsCodeThatRuns() throws IOException {
    String guide = Files.readString(GUIDE);
    String source = Files.readString(SOURCE);
    List<String> regions = new ArrayList<>();
    Matcher tag =
        Pattern.compile("// tag::(\\w+)\\[\\]\\n(.*?)\\n\\s*// end::\\1\\[\\]", Pattern.DOTALL)
            .matcher(source);
    while (tag.find()) {
      regions.add(dedent(tag.group(2)));
    }
    Matcher block = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL).matcher(guide);
    int snippets = 0;
    while (block.find()) {
      snippets++;
      assertThat(regions).as("a tagged region of %s", SOURCE).contains(dedent(block.group(1)));
    }
    assertThat(snippets).as("Java snippets in the guide").isGreaterThanOrEqualTo(8);
  }

  /** Removes the indentation all lines share; the setup's open block is closed for reading. */
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
