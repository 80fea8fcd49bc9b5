package dev.loupe.models;

import dev.loupe.task.AdminAudit;
import dev.loupe.task.ModelRef;
import dev.loupe.task.QualityPolicy;
import dev.loupe.task.TaskRejected;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The model registry: which model serves each class group. Registering one loads and warms it on the model
 * server first, then switches the class group's new tasks to the automatic path at once; running tasks finish
 * with the model they resolved. A model the server cannot serve is refused (422) and changes nothing.
 */
@RestController
@RequestMapping("/api/v1/models")
class ModelsController {

  /** A registration; quality check defaults: 10 % of tasks sampled, objects under 0.5 confidence always checked. */
  record RegisterModel(
      @NotBlank String modelName,
      @NotBlank String modelVersion,
      @DecimalMin("0") @DecimalMax("1") Double samplingRate,
      @DecimalMin("0") @DecimalMax("1") Double minConfidence) {}

  record ModelView(String classGroupKey, String modelName, String modelVersion, double samplingRate,
      double minConfidence, String registeredAt) {

    static ModelView of(ModelRegistration registration) {
      return new ModelView(registration.classGroupKey(), registration.model().name(), registration.model().version(),
          registration.quality().samplingRate(), registration.quality().minConfidence(),
          registration.registeredAt().toString());
    }
  }

  private final ModelRegistry registry;
  private final ModelControl control;
  private final AdminAudit audit;

  ModelsController(ModelRegistry registry, ModelControl control, AdminAudit audit) {
    this.registry = registry;
    this.control = control;
    this.audit = audit;
  }

  @GetMapping
  List<ModelView> all() {
    return registry.all().stream().map(ModelView::of).toList();
  }

  @GetMapping("/{classGroupKey}")
  ModelView get(@PathVariable String classGroupKey) {
    return registry.find(classGroupKey).map(ModelView::of).orElseThrow(() -> notFound(classGroupKey));
  }

  @PutMapping("/{classGroupKey}")
  ModelView register(@PathVariable String classGroupKey, @Valid @RequestBody RegisterModel request) {
    QualityPolicy quality = new QualityPolicy(
        request.samplingRate() == null ? 0.1 : request.samplingRate(),
        request.minConfidence() == null ? 0.5 : request.minConfidence());
    ModelView registered = ModelView.of(control.activate(classGroupKey,
        new ModelRef(request.modelName(), request.modelVersion()), quality, AdminAudit.currentActor()));
    audit.record("ModelRegistered", AdminAudit.Subject.MODEL, classGroupKey, Map.of("modelName",
        request.modelName(), "modelVersion", request.modelVersion(), "samplingRate", quality.samplingRate(),
        "minConfidence", quality.minConfidence()));
    return registered;
  }

  @DeleteMapping("/{classGroupKey}")
  ResponseEntity<Void> unregister(@PathVariable String classGroupKey) {
    if (!control.deactivate(classGroupKey, AdminAudit.currentActor())) {
      throw notFound(classGroupKey);
    }
    audit.record("ModelUnregistered", AdminAudit.Subject.MODEL, classGroupKey, Map.of());
    return ResponseEntity.noContent().build();
  }

  private static TaskRejected notFound(String classGroupKey) {
    return new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no model is registered for class group " + classGroupKey);
  }
}
