package dev.loupe.quality;

import dev.loupe.readmodels.quality.ModelQuality;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The engine monitor: how each version of a model did against operators' checks — a detector's precision and
 * recall per class, a recogniser's reading accuracy and character error rate — from the model-evaluations read
 * model. A model nobody checked yet has no versions.
 */
@RestController
@RequestMapping("/api/v1/model-quality")
class ModelQualityController {

  private final ModelQuality quality;

  ModelQualityController(ModelQuality quality) {
    this.quality = quality;
  }

  @GetMapping
  List<ModelQuality.Report> all(@RequestParam(required = false) Instant since) {
    return quality.all(since);
  }

  @GetMapping("/{modelName}")
  ModelQuality.Report of(@PathVariable String modelName, @RequestParam(required = false) Instant since) {
    return quality.of(modelName, since);
  }
}
