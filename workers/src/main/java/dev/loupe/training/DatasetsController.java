package dev.loupe.training;

import dev.loupe.readmodels.training.Dataset;
import dev.loupe.readmodels.training.DatasetQuery;
import dev.loupe.readmodels.training.TrainingData;
import dev.loupe.security.Callers;
import dev.loupe.task.TaskRejected;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The training data repository for ML engineers: a dataset is a query over finished tasks (class group, finish time
 * range, verified only) fixed at the journal's position when it is defined, exported as COCO JSON or a YOLO zip.
 */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetsController {

  private static final int LISTED = 200;

  /**
   * A dataset to define: the finished tasks of {@code classGroupKey}, delivered in [{@code finishedFrom},
   * {@code finishedTo}) when given, only those an operator checked or drew unless {@code verifiedOnly} is false.
   */
  record DefineDatasetRequest(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 200) String classGroupKey,
      Instant finishedFrom, Instant finishedTo, Boolean verifiedOnly) {}

  /** A dataset: its query and the journal position ({@code <transaction>:<position>}) it is read at. */
  record DatasetResponse(UUID id, String name, String classGroupKey, Instant finishedFrom, Instant finishedTo,
      boolean verifiedOnly, String asOf, Instant createdAt, String createdBy) {

    static DatasetResponse of(Dataset dataset) {
      DatasetQuery query = dataset.query();
      return new DatasetResponse(dataset.id(), dataset.name(), query.classGroupKey(), query.finishedFrom(),
          query.finishedTo(), query.verifiedOnly(),
          dataset.asOf().transactionId() + ":" + dataset.asOf().position(), dataset.createdAt(), dataset.createdBy());
    }
  }

  private final TrainingData trainingData;
  private final Callers callers;

  DatasetsController(TrainingData trainingData, Callers callers) {
    this.trainingData = trainingData;
    this.callers = callers;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  DatasetResponse define(@Valid @RequestBody DefineDatasetRequest request) {
    if (request.finishedFrom() != null && request.finishedTo() != null
        && !request.finishedFrom().isBefore(request.finishedTo())) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "finishedTo", "must be after finishedFrom");
    }
    DatasetQuery query = new DatasetQuery(request.classGroupKey(), request.finishedFrom(), request.finishedTo(),
        request.verifiedOnly() == null || request.verifiedOnly());
    return DatasetResponse.of(trainingData.define(request.name(), query, callers.current().name()));
  }

  @GetMapping
  List<DatasetResponse> list() {
    return trainingData.list(LISTED).stream().map(DatasetResponse::of).toList();
  }

  @GetMapping("/{datasetId}")
  DatasetResponse get(@PathVariable UUID datasetId) {
    return DatasetResponse.of(dataset(datasetId));
  }

  @GetMapping("/{datasetId}/coco")
  ResponseEntity<StreamingResponseBody> coco(@PathVariable UUID datasetId) {
    Dataset dataset = dataset(datasetId);
    return attachment(dataset, MediaType.APPLICATION_JSON, ".coco.json",
        out -> trainingData.writeCoco(dataset, out));
  }

  @GetMapping("/{datasetId}/yolo")
  ResponseEntity<StreamingResponseBody> yolo(@PathVariable UUID datasetId) {
    Dataset dataset = dataset(datasetId);
    return attachment(dataset, MediaType.parseMediaType("application/zip"), ".yolo.zip",
        out -> trainingData.writeYolo(dataset, out));
  }

  private Dataset dataset(UUID datasetId) {
    return trainingData.find(datasetId)
        .orElseThrow(() -> new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no dataset " + datasetId));
  }

  private static ResponseEntity<StreamingResponseBody> attachment(Dataset dataset, MediaType type, String suffix,
      StreamingResponseBody body) {
    return ResponseEntity.ok()
        .contentType(type)
        .header(HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename("dataset-" + dataset.id() + suffix).build().toString())
        .body(body);
  }
}
