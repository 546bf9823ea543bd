package io.ilios.server.internal;

import io.ilios.BlobStoreException;
import io.ilios.ConversionException;
import io.ilios.DocumentTooLargeException;
import io.ilios.IliosException;
import io.ilios.InvalidDocumentException;
import io.ilios.NotFoundException;
import io.ilios.StoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each failure answers. Client errors carry the typed exception's message (it names the
 * document, never a path or a secret); server errors carry an incident id that the log line has
 * too, and nothing else: no stack trace, no store or backend detail reaches a client.
 */
public final class Errors {
  private static final Logger log = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  public static void register(RoutesConfig routes, long maxUploadSize) {
    routes.exception(Access.Unauthorized.class, (e, ctx) -> unauthorized(ctx, e.getMessage()));
    routes.exception(
        Quotas.OverLimit.class,
        (e, ctx) -> {
          ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
          Responses.error(ctx, 429, e.getMessage());
        });
    routes.exception(NotFoundException.class, (e, ctx) -> Responses.error(ctx, 404, "not found"));
    routes.exception(Endpoints.Gone.class, (e, ctx) -> Responses.error(ctx, 410, e.getMessage()));
    routes.exception(
        DocumentTooLargeException.class, (e, ctx) -> Responses.error(ctx, 413, e.getMessage()));
    routes.exception(
        InvalidDocumentException.class,
        (e, ctx) -> Responses.error(ctx, unsupported(e) ? 415 : 400, e.getMessage()));
    routes.exception(
        IllegalArgumentException.class, (e, ctx) -> Responses.error(ctx, 400, e.getMessage()));
    routes.exception(
        IllegalStateException.class,
        (e, ctx) -> {
          if (tooLarge(e)) {
            Responses.error(ctx, 413, "the upload is larger than " + maxUploadSize + " bytes");
          } else {
            internal(ctx, e);
          }
        });
    routes.exception(
        ConversionException.class,
        (e, ctx) -> {
          if (e.retryable()) {
            ctx.header("Retry-After", "5");
            Responses.error(ctx, 503, e.getMessage());
          } else {
            Responses.error(ctx, 422, e.getMessage());
          }
        });
    routes.exception(Exception.class, (e, ctx) -> internal(ctx, e));
  }

  /** Unknown or unsupported types; other invalid documents (empty, truncated) are 400. */
  static boolean unsupported(InvalidDocumentException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    return m.contains("not a supported document") || m.contains("does not support");
  }

  /** Jetty's and Tomcat's multipart parsers refuse a part or request over its limits this way. */
  static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("exceeds max")
          || m.contains("max file size")
          || m.contains("too large")
          || m.contains("maximum permitted size")
          || m.contains("exceeds the configured maximum")) {
        return true;
      }
    }
    return false;
  }

  static void unauthorized(Context ctx, String message) {
    ctx.header("WWW-Authenticate", "Bearer");
    Responses.error(ctx, 401, message);
  }

  static void internal(Context ctx, Exception e) {
    if (tooLarge(e)) {
      Responses.error(ctx, 413, "the upload is too large");
      return;
    }
    String incident = UUID.randomUUID().toString();
    boolean dependency = e instanceof StoreException || e instanceof BlobStoreException;
    // The exception's message is the library's own (no secrets); the stack stays in the log.
    log.error("{} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
    if (dependency || (e instanceof IliosException i && i.retryable())) {
      ctx.header("Retry-After", "5");
      Responses.error(ctx, 503, "temporarily unavailable (incident " + incident + ")");
    } else {
      Responses.error(ctx, 500, "internal error (incident " + incident + ")");
    }
  }
}
