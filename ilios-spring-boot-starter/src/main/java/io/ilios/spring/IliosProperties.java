package io.ilios.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Everything {@code ilios.*} configures. Defaults make a working Ilios with no property at all: the
 * embedded local converter, SQLite and originals on disk under {@code data/}.
 */
@ConfigurationProperties("ilios")
public class IliosProperties {
  /** The defaults. */
  public IliosProperties() {}

  /** Where the database, originals and temporary files live. */
  private Path dataDirectory = Path.of("data");

  /**
   * Worker threads for queued jobs, 0-1024 (default: the number of processors); 0 makes a node that
   * submits but runs nothing.
   */
  private Integer workers;

  /**
   * How long running jobs may take to finish when the application stops; the rest go back to the
   * queue. Keep it below spring.lifecycle.timeout-per-shutdown-phase (30s by default).
   */
  private Duration shutdownGrace = Duration.ofSeconds(20);

  /** The largest document accepted. */
  private DataSize maxDocumentSize = DataSize.ofGigabytes(1);

  /**
   * Synchronous conversions (DocumentConverter) running at once before callers wait (default: twice
   * the number of processors).
   */
  private Integer maxConcurrentConversions;

  /** The OCR backend that converts documents. */
  private Backend backend = Backend.LOCAL;

  private final Local local = new Local();
  private final Mistral mistral = new Mistral();
  private final Blobs blobs = new Blobs();
  private final Store store = new Store();
  private final Retention retention = new Retention();
  private final Prices prices = new Prices();
  private final Web web = new Web();

  /** The OCR backends the starter can make; an OcrBackend bean of the application wins. */
  public enum Backend {
    /** Embedded Tesseract and PDF text extraction: no network, no key (ilios-local). */
    LOCAL,
    /** Mistral's OCR API (ilios-mistral, an API key). */
    MISTRAL
  }

  /** Where originals are kept. */
  public enum BlobsType {
    /** Files under the data directory. */
    LOCAL,
    /** An S3 bucket or S3-compatible service (ilios-s3). */
    S3
  }

  /** Where jobs, documents and usage are kept. */
  public enum StoreType {
    /** A SQLite file: one process. */
    SQLITE,
    /** PostgreSQL: many processes (ilios-postgres). */
    POSTGRES
  }

  /** The local backend's settings. */
  public static class Local {
    /** The defaults. */
    public Local() {}

    /** Resolution scanned pages are rendered at for OCR, 72-1200 (default 300). */
    private Integer dpi;

    /** Tesseract languages, such as eng or eng+fra (default eng). */
    private String languages;

    /** A folder of Tesseract language data instead of the bundled one. */
    private Path tessdata;

    public Integer getDpi() {
      return dpi;
    }

    public void setDpi(Integer dpi) {
      this.dpi = dpi;
    }

    public String getLanguages() {
      return languages;
    }

    public void setLanguages(String languages) {
      this.languages = languages;
    }

    public Path getTessdata() {
      return tessdata;
    }

    public void setTessdata(Path tessdata) {
      this.tessdata = tessdata;
    }
  }

  /** The Mistral backend's settings. */
  public static class Mistral {
    /** The defaults. */
    public Mistral() {}

    /** The API key; required with ilios.backend=mistral. Never logged. */
    private String apiKey;

    /** The OCR model. */
    private String model = "mistral-ocr-latest";

    /** The API's base URL, for a proxy or a compatible service; default https://api.mistral.ai/. */
    private URI baseUrl;

    /** API calls in flight at once, 1-64. */
    private int concurrency = 4;

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    public String getModel() {
      return model;
    }

    public void setModel(String model) {
      this.model = model;
    }

    public URI getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(URI baseUrl) {
      this.baseUrl = baseUrl;
    }

    public int getConcurrency() {
      return concurrency;
    }

    public void setConcurrency(int concurrency) {
      this.concurrency = concurrency;
    }
  }

  /** Where originals are kept. */
  public static class Blobs {
    /** The defaults. */
    public Blobs() {}

    /** Local files, or S3. */
    private BlobsType type = BlobsType.LOCAL;

    /** The folder of local originals; default: blobs under the data directory. */
    private Path directory;

    private final S3 s3 = new S3();

    public BlobsType getType() {
      return type;
    }

    public void setType(BlobsType type) {
      this.type = type;
    }

    public Path getDirectory() {
      return directory;
    }

    public void setDirectory(Path directory) {
      this.directory = directory;
    }

    public S3 getS3() {
      return s3;
    }
  }

  /** The S3 settings, as S3BlobStore.fromEnv reads them from the environment. */
  public static class S3 {
    /** The defaults. */
    public S3() {}

    /** The bucket (S3_BUCKET); required with ilios.blobs.type=s3. */
    private String bucket;

    /** A key prefix inside the bucket (S3_PREFIX). */
    private String prefix;

    /** The region (AWS_REGION). */
    private String region = "us-east-1";

    /** An S3-compatible service instead of AWS (AWS_ENDPOINT_URL_S3). */
    private URI endpoint;

    /** Path-style addressing; on by default when an endpoint is set (S3_FORCE_PATH_STYLE). */
    private Boolean pathStyle;

    /** The access key id (AWS_ACCESS_KEY_ID); else the SDK's default credential chain. */
    private String accessKeyId;

    /** The secret access key (AWS_SECRET_ACCESS_KEY). Never logged. */
    private String secretAccessKey;

    public String getBucket() {
      return bucket;
    }

    public void setBucket(String bucket) {
      this.bucket = bucket;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public URI getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(URI endpoint) {
      this.endpoint = endpoint;
    }

    public Boolean getPathStyle() {
      return pathStyle;
    }

    public void setPathStyle(Boolean pathStyle) {
      this.pathStyle = pathStyle;
    }

    public String getAccessKeyId() {
      return accessKeyId;
    }

    public void setAccessKeyId(String accessKeyId) {
      this.accessKeyId = accessKeyId;
    }

    public String getSecretAccessKey() {
      return secretAccessKey;
    }

    public void setSecretAccessKey(String secretAccessKey) {
      this.secretAccessKey = secretAccessKey;
    }
  }

  /** Where jobs, documents and usage are kept. */
  public static class Store {
    /** The defaults. */
    public Store() {}

    /** SQLite, or PostgreSQL. */
    private StoreType type = StoreType.SQLITE;

    /** The SQLite file; default: ilios.db under the data directory. */
    private Path sqlitePath;

    private final Postgres postgres = new Postgres();

    public StoreType getType() {
      return type;
    }

    public void setType(StoreType type) {
      this.type = type;
    }

    public Path getSqlitePath() {
      return sqlitePath;
    }

    public void setSqlitePath(Path sqlitePath) {
      this.sqlitePath = sqlitePath;
    }

    public Postgres getPostgres() {
      return postgres;
    }
  }

  /**
   * The PostgreSQL connection when the application has no DataSource bean of its own (when it has
   * one, Ilios uses it and these are not read).
   */
  public static class Postgres {
    /** The defaults. */
    public Postgres() {}

    /** The JDBC URL, such as jdbc:postgresql://localhost:5432/app. */
    private String url;

    /** The database user. */
    private String username;

    /** The database password. Never logged. */
    private String password;

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }
  }

  /** When expired documents are deleted (each submit says how long it is kept). */
  public static class Retention {
    /** The defaults. */
    public Retention() {}

    /** How often expired documents and their originals are deleted; 0 turns the sweep off. */
    private Duration sweepInterval = Duration.ofHours(1);

    public Duration getSweepInterval() {
      return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
      this.sweepInterval = sweepInterval;
    }
  }

  /** What conversions cost, on top of the defaults (local free, Mistral USD 0.001 a page). */
  public static class Prices {
    /** The defaults. */
    public Prices() {}

    /** The margin added to every cost, in basis points (3000 is 30 %). */
    private int marginBasisPoints = 3_000;

    /**
     * Prices by backend, then model ("*" for any other model of the backend), such as
     * ilios.prices.models.mistral[mistral-ocr-2512].per-page=1000.
     */
    private Map<String, Map<String, Price>> models = new LinkedHashMap<>();

    public int getMarginBasisPoints() {
      return marginBasisPoints;
    }

    public void setMarginBasisPoints(int marginBasisPoints) {
      this.marginBasisPoints = marginBasisPoints;
    }

    public Map<String, Map<String, Price>> getModels() {
      return models;
    }

    public void setModels(Map<String, Map<String, Price>> models) {
      this.models = models;
    }
  }

  /** One model's price, in micro-dollars. */
  public static class Price {
    /** The defaults. */
    public Price() {}

    /** Per page. */
    private long perPage;

    /** Per million input tokens. */
    private long perMillionInputTokens;

    /** Per million output tokens. */
    private long perMillionOutputTokens;

    public long getPerPage() {
      return perPage;
    }

    public void setPerPage(long perPage) {
      this.perPage = perPage;
    }

    public long getPerMillionInputTokens() {
      return perMillionInputTokens;
    }

    public void setPerMillionInputTokens(long perMillionInputTokens) {
      this.perMillionInputTokens = perMillionInputTokens;
    }

    public long getPerMillionOutputTokens() {
      return perMillionOutputTokens;
    }

    public void setPerMillionOutputTokens(long perMillionOutputTokens) {
      this.perMillionOutputTokens = perMillionOutputTokens;
    }
  }

  /** The reference server's endpoints inside the application (ilios-server and Spring MVC). */
  public static class Web {
    /** The defaults. */
    public Web() {}

    /** Whether to serve the original service's endpoints. */
    private boolean enabled;

    /** The path the endpoints are served under, such as /ilios (then /ilios/v1/convert). */
    private String prefix = "/ilios";

    /** The largest upload. */
    private DataSize maxUploadSize = DataSize.ofGigabytes(1);

    /**
     * Whether requests without an API key are answered from other hosts when no key exists. Keys
     * are made with the ilios keys command or Ilios.keys().
     */
    private boolean allowAnonymousRemote;

    /** Whether submits may name a callbackUrl (and keys a webhook) to be told when they end. */
    private boolean webhooks = true;

    /** Whether webhooks may go to private and loopback addresses (for development only). */
    private boolean webhooksToPrivateAddresses;

    private final Limits limits = new Limits();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    public DataSize getMaxUploadSize() {
      return maxUploadSize;
    }

    public void setMaxUploadSize(DataSize maxUploadSize) {
      this.maxUploadSize = maxUploadSize;
    }

    public boolean isAllowAnonymousRemote() {
      return allowAnonymousRemote;
    }

    public void setAllowAnonymousRemote(boolean allowAnonymousRemote) {
      this.allowAnonymousRemote = allowAnonymousRemote;
    }

    public boolean isWebhooks() {
      return webhooks;
    }

    public void setWebhooks(boolean webhooks) {
      this.webhooks = webhooks;
    }

    public boolean isWebhooksToPrivateAddresses() {
      return webhooksToPrivateAddresses;
    }

    public void setWebhooksToPrivateAddresses(boolean webhooksToPrivateAddresses) {
      this.webhooksToPrivateAddresses = webhooksToPrivateAddresses;
    }

    public Limits getLimits() {
      return limits;
    }
  }

  /** Limits of keys that have none of their own. */
  public static class Limits {
    /** The defaults. */
    public Limits() {}

    /** Sustained requests per second. */
    private double requestsPerSecond = 50;

    /** Requests allowed at once after a quiet spell. */
    private int burst = 100;

    /** Synchronous conversions of one key running at once. */
    private int concurrentConversions = 8;

    /** Pages per UTC day; 0 for no limit. */
    private long pagesPerDay;

    public double getRequestsPerSecond() {
      return requestsPerSecond;
    }

    public void setRequestsPerSecond(double requestsPerSecond) {
      this.requestsPerSecond = requestsPerSecond;
    }

    public int getBurst() {
      return burst;
    }

    public void setBurst(int burst) {
      this.burst = burst;
    }

    public int getConcurrentConversions() {
      return concurrentConversions;
    }

    public void setConcurrentConversions(int concurrentConversions) {
      this.concurrentConversions = concurrentConversions;
    }

    public long getPagesPerDay() {
      return pagesPerDay;
    }

    public void setPagesPerDay(long pagesPerDay) {
      this.pagesPerDay = pagesPerDay;
    }
  }

  public Path getDataDirectory() {
    return dataDirectory;
  }

  public void setDataDirectory(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  public Integer getWorkers() {
    return workers;
  }

  public void setWorkers(Integer workers) {
    this.workers = workers;
  }

  public Duration getShutdownGrace() {
    return shutdownGrace;
  }

  public void setShutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
  }

  public DataSize getMaxDocumentSize() {
    return maxDocumentSize;
  }

  public void setMaxDocumentSize(DataSize maxDocumentSize) {
    this.maxDocumentSize = maxDocumentSize;
  }

  public Integer getMaxConcurrentConversions() {
    return maxConcurrentConversions;
  }

  public void setMaxConcurrentConversions(Integer maxConcurrentConversions) {
    this.maxConcurrentConversions = maxConcurrentConversions;
  }

  public Backend getBackend() {
    return backend;
  }

  public void setBackend(Backend backend) {
    this.backend = backend;
  }

  public Local getLocal() {
    return local;
  }

  public Mistral getMistral() {
    return mistral;
  }

  public Blobs getBlobs() {
    return blobs;
  }

  public Store getStore() {
    return store;
  }

  public Retention getRetention() {
    return retention;
  }

  public Prices getPrices() {
    return prices;
  }

  public Web getWeb() {
    return web;
  }
}
