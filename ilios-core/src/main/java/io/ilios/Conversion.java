package io.ilios;

import java.util.List;
import java.util.Objects;

/**
 * A converted document with its Markdown, page by page. Immutable.
 *
 * @param document the stored document (status {@link DocumentStatus#COMPLETED}, with metadata)
 * @param pages the Markdown of each page, in order
 */
public record Conversion(Document document, List<String> pages) {

  /** What joins pages in {@link #markdown()}: a blank line. */
  public static final String PAGE_SEPARATOR = "\n\n";

  public Conversion {
    Objects.requireNonNull(document, "document");
    if (document.metadata().isEmpty()) {
      throw new IllegalArgumentException("document " + document.id() + " has no metadata");
    }
    pages = List.copyOf(pages);
  }

  /** The document id, for fetching it again later. */
  public String id() {
    return document.id();
  }

  /** The whole document: pages joined by {@link #PAGE_SEPARATOR}. */
  public String markdown() {
    return String.join(PAGE_SEPARATOR, pages);
  }

  /** Model, pages, processing time, tokens and cost. */
  public ConversionMetadata metadata() {
    return document.metadata().orElseThrow();
  }

  /** The model or engine that produced the Markdown. */
  public String model() {
    return metadata().model();
  }

  /** What the conversion cost. */
  public Cost cost() {
    return metadata().cost();
  }
}
