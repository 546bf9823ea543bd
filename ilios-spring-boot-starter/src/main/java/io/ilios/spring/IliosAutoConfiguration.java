package io.ilios.spring;

import static io.ilios.spring.internal.Invalid.check;

import io.ilios.DocumentConverter;
import io.ilios.Documents;
import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.JobQueue;
import io.ilios.PriceTable;
import io.ilios.Usage;
import io.ilios.blob.LocalBlobStore;
import io.ilios.spi.BlobStore;
import io.ilios.spi.JobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.spring.internal.Backends;
import io.ilios.spring.internal.Stores;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * One {@link Ilios} from {@code ilios.*} properties, with its {@link DocumentConverter}, {@link
 * JobQueue}, {@link Documents} and {@link Usage} as beans, and its workers in Spring's lifecycle
 * ({@link IliosLifecycle}). Every bean backs off when the application defines its own: an {@link
 * OcrBackend}, {@link JobStore} or {@link BlobStore} bean replaces the one the properties describe,
 * an {@code Ilios} bean replaces everything.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(IliosProperties.class)
public class IliosAutoConfiguration {
  /** Made by Spring Boot from the auto-configuration imports. */
  public IliosAutoConfiguration() {}

  // The parts back off for the application's own, and are not made when it has its own Ilios.

  @Bean
  @ConditionalOnMissingBean({OcrBackend.class, Ilios.class})
  OcrBackend iliosOcrBackend(IliosProperties properties, ResourceLoader resources) {
    ClassLoader loader = resources.getClassLoader();
    return switch (properties.getBackend()) {
      case LOCAL -> Backends.local(properties, loader);
      case MISTRAL -> Backends.mistral(properties, loader);
    };
  }

  @Bean
  @ConditionalOnMissingBean({JobStore.class, Ilios.class})
  JobStore iliosJobStore(IliosProperties properties, ObjectProvider<DataSource> dataSource) {
    return switch (properties.getStore().getType()) {
      case SQLITE -> Stores.sqlite(properties);
      case POSTGRES -> Stores.postgres(properties, dataSource.getIfUnique());
    };
  }

  @Bean
  @ConditionalOnMissingBean({BlobStore.class, Ilios.class})
  BlobStore iliosBlobStore(IliosProperties properties) {
    return switch (properties.getBlobs().getType()) {
      case LOCAL -> LocalBlobStore.at(Stores.blobDirectory(properties));
      case S3 -> Stores.s3(properties);
    };
  }

  @Bean
  @ConditionalOnMissingBean
  Ilios ilios(
      IliosProperties properties,
      JobStore store,
      BlobStore blobs,
      OcrBackend ocr,
      ObjectProvider<IliosBuilderCustomizer> customizers) {
    Path data = properties.getDataDirectory();
    IliosBuilder b =
        Ilios.builder()
            .store(store)
            .blobs(blobs)
            .ocr(ocr)
            .tempDirectory(data.resolve("tmp"))
            .startWorkers(false); // IliosLifecycle starts them once the context is ready
    if (properties.getWorkers() != null) {
      check("ilios.workers", properties.getWorkers(), () -> b.workers(properties.getWorkers()));
    }
    check(
        "ilios.shutdown-grace",
        properties.getShutdownGrace(),
        () -> b.shutdownGrace(properties.getShutdownGrace()));
    check(
        "ilios.max-document-size",
        properties.getMaxDocumentSize(),
        () -> b.maxDocumentSize(properties.getMaxDocumentSize().toBytes()));
    if (properties.getMaxConcurrentConversions() != null) {
      check(
          "ilios.max-concurrent-conversions",
          properties.getMaxConcurrentConversions(),
          () -> b.maxConcurrentConversions(properties.getMaxConcurrentConversions()));
    }
    check(
        "ilios.retention.sweep-interval",
        properties.getRetention().getSweepInterval(),
        () -> b.retentionSweepInterval(properties.getRetention().getSweepInterval()));
    b.prices(prices(properties.getPrices()));
    customizers.orderedStream().forEach(c -> c.customize(b));
    return b.build();
  }

  private static PriceTable prices(IliosProperties.Prices prices) {
    PriceTable.Builder table = PriceTable.defaults().toBuilder();
    check(
        "ilios.prices.margin-basis-points",
        prices.getMarginBasisPoints(),
        () -> table.marginBasisPoints(prices.getMarginBasisPoints()));
    for (Map.Entry<String, Map<String, IliosProperties.Price>> backend :
        prices.getModels().entrySet()) {
      for (Map.Entry<String, IliosProperties.Price> model : backend.getValue().entrySet()) {
        IliosProperties.Price p = model.getValue();
        String name = "ilios.prices.models." + backend.getKey() + "[" + model.getKey() + "]";
        check(
            name,
            p.getPerPage(),
            () ->
                table.price(
                    backend.getKey(),
                    model.getKey(),
                    new PriceTable.Price(
                        p.getPerPage(),
                        p.getPerMillionInputTokens(),
                        p.getPerMillionOutputTokens())));
      }
    }
    return table.build();
  }

  @Bean
  @ConditionalOnMissingBean
  IliosLifecycle iliosLifecycle(Ilios ilios) {
    return new IliosLifecycle(ilios);
  }

  // The services are Ilios's own objects: Ilios closes them, Spring must not.

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  DocumentConverter iliosDocumentConverter(Ilios ilios) {
    return ilios.converter();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  JobQueue iliosJobQueue(Ilios ilios) {
    return ilios.jobs();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  Documents iliosDocuments(Ilios ilios) {
    return ilios.documents();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  Usage iliosUsage(Ilios ilios) {
    return ilios.usage();
  }
}
