/**
 * The Mistral OCR backend: documents sent to Mistral's OCR API over HTTP (OkHttp, Jackson), split
 * when over its limits, with retries and typed errors. Offered to {@code ServiceLoader} as the
 * {@code mistral} OCR backend.
 */
@SuppressWarnings("requires-automatic") // PDFBox 3 ships an Automatic-Module-Name, no descriptor
module io.ilios.mistral {
  requires transitive io.ilios.core;
  requires transitive okhttp3;
  requires okio;
  requires com.fasterxml.jackson.databind;
  requires org.apache.pdfbox;
  requires org.apache.pdfbox.io;
  requires org.slf4j;

  exports io.ilios.mistral;

  provides io.ilios.spi.OcrBackendFactory with
      io.ilios.mistral.MistralOcrFactory;
}
