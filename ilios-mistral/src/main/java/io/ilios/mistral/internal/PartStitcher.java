package io.ilios.mistral.internal;

import io.ilios.OcrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Sends the parts of a PDF too large for one request and puts their pages back together in page
 * order. The PDF is cut on the calling thread (PDFBox is not thread-safe) while parts are sent on
 * the given threads, with at most {@code window} parts on disk, waiting or in flight: each part's
 * file is deleted once sent, and any left when something fails.
 */
public final class PartStitcher {
  /** Sends one part and returns its pages in order. */
  @FunctionalInterface
  public interface Sender {
    List<String> send(PdfParts.Part part, List<Integer> selected) throws Exception;
  }

  private final ExecutorService threads;
  private final int window;
  private final SortedSet<Integer> requested; // null: every page
  private final String backend;

  /**
   * @param requested the pages asked for (from 0), or null for all
   */
  public PartStitcher(
      ExecutorService threads, int window, SortedSet<Integer> requested, String backend) {
    this.threads = threads;
    this.window = window;
    this.requested = requested;
    this.backend = backend;
  }

  /**
   * The pages of {@code requested} (from 0; null for all) inside the part, counted from the part's
   * first page; empty when all are wanted.
   */
  public static List<Integer> selected(PdfParts.Part part, SortedSet<Integer> requested) {
    List<Integer> local = new ArrayList<>();
    if (requested != null) {
      for (int p : requested.subSet(part.first(), part.end())) {
        local.add(p - part.first());
      }
    }
    return local;
  }

  /** Every page of every part that holds a requested page, in page order. */
  public List<String> pages(
      PdfParts pdf, int maxPages, long maxBytes, String fileName, Sender sender)
      throws InterruptedException {
    List<Future<List<String>>> futures = new ArrayList<>();
    Semaphore inFlight = new Semaphore(window);
    List<Path> written = new ArrayList<>();
    try {
      pdf.cut(
          maxPages,
          maxBytes,
          part -> {
            written.add(part.file());
            List<Integer> selected = selected(part, requested);
            if (requested != null && selected.isEmpty()) {
              deleteQuietly(part.file());
              return;
            }
            inFlight.acquire();
            futures.add(
                threads.submit(
                    () -> {
                      try {
                        return sender.send(part, selected);
                      } finally {
                        deleteQuietly(part.file());
                        inFlight.release();
                      }
                    }));
          });
      List<String> pages = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        pages.addAll(f.get());
      }
      return pages;
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new OcrException(backend, "a part of " + fileName + " failed: " + e.getCause(), true);
    } catch (InterruptedException | RuntimeException e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    } finally {
      written.forEach(PartStitcher::deleteQuietly); // parts whose send was cancelled before it ran
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file; the leftover sweep removes what is left
    }
  }
}
