package dev.loupe.demand;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The demand over REST for ops: the latest sample, the same figures as the {@code loupe.demand.*} gauges. */
@RestController
class DemandController {

  private final DemandSampler sampler;

  DemandController(DemandSampler sampler) {
    this.sampler = sampler;
  }

  @GetMapping("/api/v1/demand")
  Demand demand() {
    return sampler.latest();
  }
}
