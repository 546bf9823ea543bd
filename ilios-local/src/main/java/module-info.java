/**
 * The embedded converter: PDF text layers to Markdown with Apache PDFBox, and OCR with Tesseract
 * (native library and English data from Maven Central). Offered to {@code ServiceLoader} as the
 * {@code local} OCR backend.
 */
@SuppressWarnings("requires-automatic") // PDFBox 3 ships an Automatic-Module-Name, no descriptor
module io.ilios.local {
  requires transitive io.ilios.core;
  requires java.desktop;
  requires org.apache.pdfbox;
  requires org.apache.pdfbox.io;
  requires org.bytedeco.javacpp;
  requires org.bytedeco.leptonica;
  requires org.bytedeco.tesseract;
  requires org.slf4j;

  exports io.ilios.local;

  provides io.ilios.spi.OcrBackendFactory with
      io.ilios.local.LocalConverterFactory;
}
