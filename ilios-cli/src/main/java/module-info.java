/**
 * The {@code ilios} command: converts, queues batches, reports status and usage, on whichever OCR
 * backends are on the module or class path.
 */
module io.ilios.cli {
  requires io.ilios.core;
  requires io.ilios.s3;
  requires io.ilios.server;
  requires info.picocli;
  requires me.tongfei.progressbar;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  // picocli fills the commands' fields by reflection; Jackson writes the JSON shapes.
  opens io.ilios.cli to
      info.picocli,
      com.fasterxml.jackson.databind;

  uses io.ilios.spi.OcrBackendFactory;
}
