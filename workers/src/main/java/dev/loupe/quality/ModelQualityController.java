package dev.loupe.quality;

import dev.loupe.readmodels.quality.ModelQuality;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The engine monitor: how each version of a model did against operators' checks — a detector's precision and
 * recall per class, a recogniser's reading accuracy and character error rate — from the model-evaluations read
 * model. A model nobody checked yet has no versions; its history, each version's scores per day or week.
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

  /**
   * The model's scores per version and UTC day or ISO week ({@code interval}: day, the default, or week), by the
   * time each check was scored; {@code since} defaults to 90 days back for days and a year for weeks.
   */
  @GetMapping("/{modelName}/history")
  ModelQuality.History history(@PathVariable String modelName, @RequestParam(defaultValue = "day") String interval,
      @RequestParam(required = false) Instant since) {
    return quality.history(modelName, interval(interval), since);
  }

  private static ModelQuality.Interval interval(String interval) {
    return switch (interval.toLowerCase(Locale.ROOT)) {
      case "day" -> ModelQuality.Interval.DAY;
      case "week" -> ModelQuality.Interval.WEEK;
      default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "interval is day or week, not '" + interval + "'");
    };
  }
}
