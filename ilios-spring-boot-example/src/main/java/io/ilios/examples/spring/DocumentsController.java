package io.ilios.examples.spring;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.Conversion;
import io.ilios.DocumentConverter;
import io.ilios.DocumentSource;
import io.ilios.Documents;
import io.ilios.JobQueue;
import io.ilios.SubmitOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The application's own endpoints over the starter's beans: convert now, or queue a batch. */
@RestController
public class DocumentsController {
  private final DocumentConverter converter;
  private final JobQueue jobs;
  private final Documents documents;

  public DocumentsController(DocumentConverter converter, JobQueue jobs, Documents documents) {
    this.converter = converter;
    this.jobs = jobs;
    this.documents = documents;
  }

  // tag::convert[]
  /** Converts one uploaded document while the caller waits and answers its Markdown. */
  @PostMapping(path = "/convert", produces = "text/markdown")
  public String convert(@RequestParam("file") MultipartFile file)
      throws IOException, InterruptedException {
    try (InputStream in = file.getInputStream()) {
      DocumentSource source = DocumentSource.of(in, file.getOriginalFilename());
      Conversion conversion = converter.convert(source, SubmitOptions.defaults());
      return conversion.markdown();
    }
  }

  // end::convert[]

  // tag::batch[]
  /** Queues the uploaded documents as one batch; the workers convert them. */
  @PostMapping(path = "/batches", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, String> submit(@RequestParam("files") List<MultipartFile> files)
      throws IOException, InterruptedException {
    List<DocumentSource> sources = new ArrayList<>();
    for (MultipartFile f : files) {
      sources.add(DocumentSource.of(f.getBytes(), f.getOriginalFilename()));
    }
    BatchHandle batch = jobs.submitBatch(sources, SubmitOptions.defaults());
    return Map.of("batchId", batch.id());
  }

  /** Where the batch stands: documents pending, completed and failed. */
  @GetMapping(path = "/batches/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> status(@PathVariable("id") String id) {
    Batch batch = documents.batch(SubmitOptions.DEFAULT_OWNER, id);
    return Map.of(
        "status", batch.status().name(),
        "completed", batch.progress().completed(),
        "failed", batch.progress().failed(),
        "total", batch.progress().total());
  }
  // end::batch[]
}
