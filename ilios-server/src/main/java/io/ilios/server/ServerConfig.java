package io.ilios.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link IliosServer} listens and whom it lets in. Built with {@link #builder()}; every
 * setting has a default.
 *
 * @param host the address to bind; default {@code 127.0.0.1}
 * @param port the port; default {@value #DEFAULT_PORT}, 0 for any free port
 * @param apiKeys the keys accepted; none by default
 * @param allowAnonymousRemote whether a server without keys may bind to an address other than
 *     loopback (anyone who can reach it acts as the owner {@code default}); false by default
 * @param maxUploadSize the largest upload, in bytes; larger ones are refused with 413 while they
 *     stream in; default 1 GiB
 * @param uploadDirectory where multipart uploads are spooled while they arrive
 * @param shutdownGrace how long {@link IliosServer#close()} lets requests in flight finish
 * @param defaultLimits the limits of keys without their own, and of the owner {@code default} when
 *     there are no keys
 * @param clock the time limits are counted in (tests move it)
 * @param webhooks the webhooks submits may ask for with a {@code callbackUrl}; none by default
 */
public record ServerConfig(
    String host,
    int port,
    ApiKeys apiKeys,
    boolean allowAnonymousRemote,
    long maxUploadSize,
    Path uploadDirectory,
    Duration shutdownGrace,
    Limits defaultLimits,
    Clock clock,
    Optional<Webhooks> webhooks) {

  /** The original service's port. */
  public static final int DEFAULT_PORT = 1337;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(apiKeys, "apiKeys");
    Objects.requireNonNull(uploadDirectory, "uploadDirectory");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(defaultLimits, "defaultLimits");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(webhooks, "webhooks");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (maxUploadSize < 1) {
      throw new IllegalArgumentException("maxUploadSize must be positive, was " + maxUploadSize);
    }
  }

  /** The defaults: loopback, port 1337, no keys, 1 GiB uploads. */
  public static Builder builder() {
    return new Builder();
  }

  /** A {@link ServerConfig} under construction. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private ApiKeys apiKeys = ApiKeys.none();
    private boolean allowAnonymousRemote;
    private long maxUploadSize = 1L << 30;
    private Path uploadDirectory = Path.of(System.getProperty("java.io.tmpdir"), "ilios-uploads");
    private Duration shutdownGrace = Duration.ofSeconds(30);
    private Limits defaultLimits = Limits.defaults();
    private Clock clock = Clock.systemUTC();
    private Webhooks webhooks;

    private Builder() {}

    /** Lets submits name a {@code callbackUrl}; {@code webhooks} must be installed in the Ilios. */
    public Builder webhooks(Webhooks webhooks) {
      this.webhooks = webhooks;
      return this;
    }

    public Builder defaultLimits(Limits limits) {
      this.defaultLimits = limits;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder apiKeys(ApiKeys keys) {
      this.apiKeys = keys;
      return this;
    }

    public Builder allowAnonymousRemote(boolean allow) {
      this.allowAnonymousRemote = allow;
      return this;
    }

    public Builder maxUploadSize(long bytes) {
      this.maxUploadSize = bytes;
      return this;
    }

    public Builder uploadDirectory(Path dir) {
      this.uploadDirectory = dir;
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = grace;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          apiKeys,
          allowAnonymousRemote,
          maxUploadSize,
          uploadDirectory,
          shutdownGrace,
          defaultLimits,
          clock,
          Optional.ofNullable(webhooks));
    }
  }
}
