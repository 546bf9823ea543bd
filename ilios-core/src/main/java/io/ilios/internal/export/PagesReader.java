package io.ilios.internal.export;

import io.ilios.Conversion;
import io.ilios.spi.DocumentStore;
import java.io.Reader;
import java.util.List;

/**
 * A document's Markdown as a {@link Reader}: pages joined by {@link Conversion#PAGE_SEPARATOR},
 * fetched from the store a few at a time.
 */
final class PagesReader extends Reader {
  private final DocumentStore store;
  private final String owner;
  private final String documentId;
  private final int batch;
  private int nextPage = 1;
  private boolean exhausted;
  private String current = "";
  private int position;

  PagesReader(DocumentStore store, String owner, String documentId, int batch) {
    this.store = store;
    this.owner = owner;
    this.documentId = documentId;
    this.batch = batch;
  }

  @Override
  public int read(char[] buf, int off, int len) {
    if (len == 0) {
      return 0;
    }
    while (position == current.length()) {
      if (exhausted) {
        return -1;
      }
      fetch();
    }
    int n = Math.min(len, current.length() - position);
    current.getChars(position, position + n, buf, off);
    position += n;
    return n;
  }

  private void fetch() {
    List<String> pages = store.pages(owner, documentId, nextPage, batch);
    StringBuilder sb = new StringBuilder();
    for (String page : pages) {
      if (nextPage > 1) {
        sb.append(Conversion.PAGE_SEPARATOR);
      }
      sb.append(page);
      nextPage++;
    }
    exhausted = pages.size() < batch;
    current = sb.toString();
    position = 0;
  }

  @Override
  public void close() {
    exhausted = true;
    current = "";
    position = 0;
  }
}
