package io.ilios.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The properties table of docs/spring-boot.md and the metadata the build generated, alike. */
final class PropertiesTable {
  private static final Pattern ROW =
      Pattern.compile(
          "^\\| `(ilios\\.[a-z0-9.\\-\\[\\]*]+)` \\| (`([^`]*)`)? *\\| (.*) \\|$",
          Pattern.MULTILINE);

  private PropertiesTable() {}

  /** Property name to "default | description" ("" default when none) from the table rows. */
  static Map<String, String> parse(String markdown) {
    Map<String, String> rows = new TreeMap<>();
    Matcher m = ROW.matcher(markdown);
    while (m.find()) {
      rows.put(m.group(1), (m.group(3) == null ? "" : m.group(3)) + " | " + m.group(4));
    }
    return rows;
  }

  /** Property name to "default | description" from META-INF/spring-configuration-metadata.json. */
  static Map<String, String> metadata() throws IOException {
    try (InputStream in =
        PropertiesTable.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      if (in == null) {
        throw new IllegalStateException("the build generated no configuration metadata");
      }
      JsonNode json = new ObjectMapper().readTree(in);
      Map<String, String> properties = new TreeMap<>();
      for (JsonNode p : json.get("properties")) {
        JsonNode d = p.get("defaultValue");
        JsonNode description = p.get("description");
        properties.put(
            p.get("name").asText(),
            (d == null ? "" : d.asText())
                + " | "
                + (description == null ? "" : description.asText()));
      }
      return properties;
    }
  }
}
