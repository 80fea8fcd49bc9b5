package dev.loupe.task;

import dev.loupe.recipes.Recipes;
import io.camunda.client.api.response.ActivatedJob;

/**
 * The journal's causation id for a job: the recipe run's id and the job key, which a retried or re-delivered job
 * keeps. The run id tells apart jobs of an embedded engine that restarted and handed out the same keys again;
 * instances started without one (before it existed) fall back to the key alone.
 */
public final class JobCauses {

  private JobCauses() {}

  public static String of(ActivatedJob job) {
    Object run = job.getVariablesAsMap().get(Recipes.RUN_ID);
    return run == null ? "job:" + job.getKey() : "job:" + run + ":" + job.getKey();
  }

  public static String actor(ActivatedJob job) {
    return "worker:" + job.getType();
  }
}
