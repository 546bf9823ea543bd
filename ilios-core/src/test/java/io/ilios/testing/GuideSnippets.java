package io.ilios.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guide's code snippets beside the tagged regions of source files ({@code // tag::name[]} …
 * {@code // end::name[]}, or {@code #} for properties), so a guide shows only code that compiles
 * and runs.
 */
public final class GuideSnippets {
  private static final Pattern REGION =
      Pattern.compile(
          "(?://|#) tag::(\\w+)\\[\\]\\n(.*?)\\n\\s*(?://|#) end::\\1\\[\\]", Pattern.DOTALL);

  private GuideSnippets() {}

  /** The fenced blocks of {@code language} in {@code guide}, dedented. */
  public static List<String> blocks(Path guide, String languages) throws IOException {
    Matcher block =
        Pattern.compile("```(?:" + languages + ")\\n(.*?)\\n```", Pattern.DOTALL)
            .matcher(Files.readString(guide));
    List<String> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(dedent(block.group(1)));
    }
    return blocks;
  }

  /** The tagged regions of {@code source}, dedented. */
  public static List<String> regions(String source) {
    List<String> regions = new ArrayList<>();
    Matcher tag = REGION.matcher(source);
    while (tag.find()) {
      regions.add(dedent(tag.group(2)));
    }
    return regions;
  }

  /** Removes the indentation all lines share, and blank lines' spaces. */
  public static String dedent(String text) {
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
