package io.ilios.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilios.Batch;
import io.ilios.Document;
import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.JobContext;
import io.ilios.JobFailedException;
import io.ilios.JobHandler;
import io.ilios.JobType;
import io.ilios.internal.wire.Shapes;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhooks: when a document or a batch submitted with a {@code callbackUrl} ends, its status JSON
 * is POSTed there, signed. Each delivery is a follow-up job ({@link
 * io.ilios.SubmitOptions.Builder#followUp}), queued by the store in the transaction that ends the
 * document or batch: it survives restarts, is retried with the queue's backoff, and arrives at
 * least once, always with the same {@code Ilios-Delivery} id.
 *
 * <p>Receivers check {@code Ilios-Signature: t=SECONDS,v1=HEX}: HEX is the HMAC-SHA256 of {@code
 * SECONDS + "." + body} under the signing key, which is the hex SHA-256 of the API key the submit
 * used (so a receiver that holds the key needs nothing else). Redirects are not followed, each
 * attempt has a timeout, and addresses on this machine or private networks are refused unless
 * allowed.
 *
 * <pre>{@code
 * Webhooks webhooks = Webhooks.create();
 * Ilios ilios = webhooks.install(Ilios.builder().ocr(...)).build();
 * IliosServer.create(ilios, ServerConfig.builder().webhooks(webhooks).build()).start();
 * }</pre>
 */
public final class Webhooks implements JobHandler<Webhooks.Delivery> {
  /** The job type deliveries run as. */
  public static final JobType<Delivery> TYPE = JobType.json("ilios.webhook", Delivery.class);

  /** Longest callback URL accepted. */
  public static final int MAX_URL_LENGTH = 2_048;

  /**
   * One delivery, as its job keeps it.
   *
   * @param id the delivery id, the same on every attempt
   * @param url where to POST
   * @param signingKey the hex key the body is signed with; empty for none
   */
  public record Delivery(String id, String url, String signingKey) {}

  private final AtomicReference<Ilios> ilios = new AtomicReference<>();
  private final boolean allowPrivateAddresses;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;

  private Webhooks(boolean allowPrivateAddresses, Duration timeout, Clock clock) {
    this.allowPrivateAddresses = allowPrivateAddresses;
    this.timeout = timeout;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
  }

  /** Webhooks to public addresses, 10 s per attempt. */
  public static Webhooks create() {
    return new Webhooks(false, Duration.ofSeconds(10), Clock.systemUTC());
  }

  /**
   * Webhooks that may also reach this machine and private networks: for development and tests,
   * never for a server strangers can submit to (they could make it call internal services).
   */
  public static Webhooks allowingPrivateAddresses(Duration timeout) {
    return new Webhooks(true, Objects.requireNonNull(timeout, "timeout"), Clock.systemUTC());
  }

  /** Registers the delivery handler on the builder of the Ilios the server will serve. */
  public IliosBuilder install(IliosBuilder builder) {
    return builder.handle(TYPE, this);
  }

  /** The Ilios whose documents and batches deliveries describe; set by {@link IliosServer}. */
  void bind(Ilios served) {
    ilios.set(Objects.requireNonNull(served, "ilios"));
  }

  /**
   * Checks a callback URL at submit: http or https, a host that resolves, and (unless allowed) not
   * an address of this machine or a private network.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public void check(String url) {
    URI uri = parse(url);
    checkAddress(uri);
  }

  private static URI parse(String url) {
    if (url.length() > MAX_URL_LENGTH) {
      throw new IllegalArgumentException("callbackUrl is longer than " + MAX_URL_LENGTH);
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("callbackUrl is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("callbackUrl must be an http or https URL with a host");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("callbackUrl must not carry credentials");
    }
    return uri;
  }

  private void checkAddress(URI uri) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("callbackUrl's host " + uri.getHost() + " is unknown");
    }
    if (allowPrivateAddresses) {
      return;
    }
    for (InetAddress a : addresses) {
      if (isPrivate(a)) {
        throw new IllegalArgumentException(
            "callbackUrl's host " + uri.getHost() + " is on this machine or a private network");
      }
    }
  }

  static boolean isPrivate(InetAddress a) {
    return a.isLoopbackAddress()
        || a.isSiteLocalAddress()
        || a.isLinkLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()
        || (a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc); // fc00::/7
  }

  @Override
  public String handle(Delivery d, JobContext ctx) throws Exception {
    Ilios served = ilios.get();
    if (served == null) {
      throw new JobFailedException("no server has started with these webhooks yet", true);
    }
    URI uri;
    try {
      uri = parse(d.url());
      checkAddress(uri); // again: what a name resolves to may have changed since the submit
    } catch (IllegalArgumentException e) {
      throw JobFailedException.permanent(e.getMessage());
    }
    String body = body(served, d, ctx);
    long seconds = clock.instant().getEpochSecond();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "ilios-webhooks")
            .header("Ilios-Delivery", d.id())
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (!d.signingKey().isEmpty()) {
      request.header(
          "Ilios-Signature", "t=" + seconds + ",v1=" + sign(d.signingKey(), seconds, body));
    }
    HttpResponse<Void> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw new JobFailedException("the receiver did not answer within " + timeout, true);
    } catch (IOException e) {
      throw new JobFailedException("cannot reach the receiver: " + e.getMessage(), true);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return "delivered: " + status;
    }
    boolean retry = status == 408 || status == 429 || status >= 500;
    throw new JobFailedException(
        "the receiver answered "
            + status
            + (status / 100 == 3 ? " (redirects are not followed)" : ""),
        retry);
  }

  /** The event, its delivery id and the ended document's or batch's status JSON. */
  static String body(Ilios served, Delivery d, JobContext ctx) throws IOException {
    ObjectNode json = Shapes.JSON.createObjectNode();
    json.put("deliveryId", d.id());
    if (ctx.afterBatch().isPresent()) {
      Batch b = served.documents().batch(ctx.owner(), ctx.afterBatch().get());
      json.put("event", "batch." + Shapes.lower(b.status().name()));
      ObjectNode data = Shapes.batch(b);
      data.put("downloadUrl", "/v1/batch/download/" + b.id());
      json.set("data", data);
    } else {
      String id =
          ctx.afterDocument()
              .orElseThrow(() -> JobFailedException.permanent("a delivery names no document"));
      Document doc = served.documents().get(ctx.owner(), id);
      json.put("event", "document." + Shapes.lower(doc.status().name()));
      json.set("data", Shapes.document(doc));
    }
    return Shapes.JSON.writeValueAsString(json);
  }

  /** HEX of HMAC-SHA256(key, seconds + "." + body). */
  public static String sign(String hexKey, long seconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hexKey.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal((seconds + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
