package dev.loupe.workers;

import io.camunda.client.api.response.ActivatedJob;

/** The journal's causation id for a job: the job key, which a retried or re-delivered job keeps. */
final class JobCauses {

  private JobCauses() {}

  static String of(ActivatedJob job) {
    return "job:" + job.getKey();
  }

  static String actor(ActivatedJob job) {
    return "worker:" + job.getType();
  }
}
