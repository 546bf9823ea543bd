package io.ilios.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.local.hostile.HostileDocuments;
import java.io.InterruptedIOException;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work inside one page stops at an interrupt; links from documents cannot carry markup. */
class InterruptionAndLinksTest {
  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void textExtractionStopsInsideAPageWhenInterrupted() throws Exception {
    // One page of 100,000 glyphs: thousands of operators, checked every few hundred.
    try (PDDocument doc = Loader.loadPDF(HostileDocuments.manyGlyphsForTests(100_000))) {
      GlyphCollector collector = new GlyphCollector("heavy.pdf");
      assertThat(collector.collect(doc, doc.getPage(0))).hasSizeGreaterThan(50_000);
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> collector.collect(doc, doc.getPage(0)))
          .isInstanceOf(InterruptedIOException.class);
    }
  }

  @Test
  void renderingStopsInsideAPageWhenInterrupted() throws Exception {
    try (PDDocument doc = Loader.loadPDF(HostileDocuments.manyGlyphsForTests(100_000))) {
      GuardedRenderer renderer = new GuardedRenderer(doc, 150_000_000L);
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> renderer.renderImageWithDPI(0, 72, ImageType.GRAY))
          .isInstanceOf(InterruptedIOException.class);
    }
  }

  @Test
  void anEmbeddedImageOverThePixelLimitIsLeftOutOfTheRenderUndecoded() throws Exception {
    try (PDDocument doc = Loader.loadPDF(HostileDocuments.embeddedImageBomb(20_000))) {
      java.awt.image.BufferedImage page =
          new GuardedRenderer(doc, 150_000_000L).renderImageWithDPI(0, 72, ImageType.GRAY);
      assertThat(page.getWidth()).isEqualTo(612);
      assertThat(page.getRGB(300, 400) & 0xffffff).as("nothing drawn").isEqualTo(0xffffff);
      // The same image within the limit is drawn: it is the guard that left the bomb out.
      try (PDDocument small = Loader.loadPDF(HostileDocuments.embeddedImageBomb(500))) {
        java.awt.image.BufferedImage drawn =
            new GuardedRenderer(small, 150_000_000L).renderImageWithDPI(0, 72, ImageType.GRAY);
        assertThat(drawn.getRGB(300, 400) & 0xffffff).as("black image drawn").isZero();
      }
    }
  }

  @Test
  void onlyWebAndMailLinksBecomeLinks() {
    assertThat(
            List.of("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "vbscript:x"))
        .allSatisfy(uri -> assertThat(Markdown.isSafeLink(uri)).as(uri).isFalse());
    assertThat(List.of("https://example.com/a", "HTTP://x.org", "mailto:a@b.c"))
        .allSatisfy(uri -> assertThat(Markdown.isSafeLink(uri)).as(uri).isTrue());
  }

  @Test
  void linkTargetsCannotCloseTheLinkOrOpenATag() {
    assertThat(Markdown.linkTarget("https://e.com/\"><script>(x) y"))
        .isEqualTo("https://e.com/%22%3E%3Cscript%3E%28x%29%20y");
  }
}
