package io.ilios.mistral.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ilios.OcrException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One answer of {@code POST /v1/ocr}, checked field by field: a missing or mistyped field is a
 * typed error here, not a {@code NullPointerException} later.
 */
public record OcrAnswer(String model, List<Page> pages, long pagesProcessed) {

  /** A table returned apart from the page Markdown, which holds a placeholder link to it. */
  public record Table(String id, String content) {}

  /** An image of the page, with its base64 data when asked for. */
  public record Image(String id, Optional<String> base64) {}

  /** One page as Mistral returned it. */
  public record Page(
      int index,
      String markdown,
      List<Table> tables,
      List<Image> images,
      Optional<String> header,
      Optional<String> footer) {}

  public static OcrAnswer parse(JsonNode root, String backend) {
    JsonNode pages = root.get("pages");
    if (pages == null || !pages.isArray()) {
      throw bad(backend, "no pages array");
    }
    List<Page> out = new ArrayList<>(pages.size());
    for (JsonNode p : pages) {
      JsonNode index = p.get("index");
      JsonNode markdown = p.get("markdown");
      if (index == null || !index.canConvertToInt() || markdown == null || !markdown.isTextual()) {
        throw bad(backend, "a page without an index or markdown");
      }
      List<Table> tables = new ArrayList<>();
      for (JsonNode t : array(p, "tables")) {
        if (!t.path("id").isTextual() || !t.path("content").isTextual()) {
          throw bad(backend, "a table without an id or content");
        }
        tables.add(new Table(t.get("id").asText(), t.get("content").asText()));
      }
      List<Image> images = new ArrayList<>();
      for (JsonNode i : array(p, "images")) {
        if (!i.path("id").isTextual()) {
          throw bad(backend, "an image without an id");
        }
        JsonNode data = i.get("image_base64");
        images.add(
            new Image(
                i.get("id").asText(),
                data != null && data.isTextual() ? Optional.of(data.asText()) : Optional.empty()));
      }
      out.add(
          new Page(
              index.asInt(),
              markdown.asText(),
              tables,
              images,
              text(p, "header"),
              text(p, "footer")));
    }
    String model = root.path("model").isTextual() ? root.get("model").asText() : "unknown";
    long processed = root.path("usage_info").path("pages_processed").asLong(out.size());
    return new OcrAnswer(model, out, processed);
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode a = node.get(field);
    return a != null && a.isArray() ? a : List.of();
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() && !v.asText().isBlank()
        ? Optional.of(v.asText())
        : Optional.empty();
  }

  private static OcrException bad(String backend, String why) {
    return new OcrException(backend, "POST /v1/ocr: malformed response: " + why, false);
  }
}
