package dev.loupe.callbacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.clients.ClientRegistry;
import dev.loupe.recipes.JobTypes;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.JobCauses;
import dev.loupe.task.TaskCommand.RecordDeliveryFailure;
import dev.loupe.task.TaskCommand.ReportResult;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Delivers the task's outcome (its result, or why it was rejected) by POSTing it to the client's callback URL, signed (HMAC-SHA256, header
 * {@code Loupe-Signature}) with the client's signing secrets, or for a task made without an API key with
 * {@code loupe.callbacks.signing-secret} when it is set, then records TaskReported. A failed
 * delivery is retried with exponential backoff; the last failure records CallbackDeliveryFailed in the journal
 * and Zeebe raises an incident with the cause, which Operate shows (retrying it there tries the delivery again).
 */
@Component
public class ReportResultWorker {

  private static final Logger log = LoggerFactory.getLogger(ReportResultWorker.class);
  private static final int RECIPE_RETRIES = 5;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final TaskRepository tasks;
  private final RestClient http;
  private final ObjectMapper json;
  private final ClientRegistry clients;
  private final String defaultSecret;

  ReportResultWorker(TaskRepository tasks, RestClient.Builder http, ObjectMapper json, ClientRegistry clients,
      @Value("${loupe.callbacks.signing-secret:}") String defaultSecret) {
    this.tasks = tasks;
    this.http = http.requestFactory(requestFactoryWithTimeouts()).build();
    this.json = json;
    this.clients = clients;
    this.defaultSecret = defaultSecret;
    if (defaultSecret.isBlank()) {
      log.warn("loupe.callbacks.signing-secret is not set: callbacks of tasks made without an API key are unsigned");
    }
  }

  @JobWorker(type = JobTypes.REPORT_RESULT, fetchVariables = {Recipes.TASK_ID, Recipes.RUN_ID})
  public void reportResult(ActivatedJob job, @Variable(name = Recipes.TASK_ID) String taskId)
      throws JsonProcessingException {
    TaskState task = tasks.load(taskId);
    if (task.status() == TaskStatus.DONE) {
      return;
    }
    ResponseEntity<Void> response;
    try {
      byte[] body = json.writeValueAsBytes(callbackBody(task));
      List<String> secrets = task.clientId() == null ? List.of(defaultSecret) : clients.signingSecrets(task.clientId());
      response = http.post()
          .uri(task.callbackUrl())
          .contentType(MediaType.APPLICATION_JSON)
          .contentLength(body.length)
          .headers(headers -> CallbackSigner.signature(secrets, body, Instant.now())
              .ifPresent(signature -> headers.set(CallbackSigner.HEADER, signature)))
          .body(body)
          .retrieve()
          .toBodilessEntity();
    } catch (RestClientException failed) {
      int retriesLeft = Math.max(0, job.getRetries() - 1);
      Duration backoff = RetryWithBackoff.before(retriesLeft);
      log.warn("delivering task {} to {} failed ({} retries left): {}", taskId, task.callbackUrl(), retriesLeft,
          failed.getMessage());
      if (retriesLeft == 0) {
        String error = String.valueOf(failed.getMessage());
        tasks.execute(taskId, new RecordDeliveryFailure(RECIPE_RETRIES, error),
            JobCauses.of(job) + ":delivery-failed:" + Integer.toHexString(error.hashCode()), JobCauses.actor(job));
      }
      throw CamundaError.jobError("callback to %s failed: %s".formatted(task.callbackUrl(), failed.getMessage()),
          null, retriesLeft, backoff, failed);
    }
    tasks.execute(taskId, new ReportResult(response.getStatusCode().value()), JobCauses.of(job), JobCauses.actor(job));
  }

  /** A client's callback that accepts the connection and never answers must not hold a worker thread. */
  private static JdkClientHttpRequestFactory requestFactoryWithTimeouts() {
    JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
        HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
    factory.setReadTimeout(READ_TIMEOUT);
    return factory;
  }

  /** {@code status} DONE with the result, or REJECTED with the image that could not be used and why. */
  private static Map<String, Object> callbackBody(TaskState task) {
    if (task.status() == TaskStatus.REJECTED) {
      return Map.of(
          "taskId", task.taskId(),
          "type", task.type(),
          "classGroupKey", task.classGroup().key(),
          "status", TaskStatus.REJECTED.name(),
          "rejection", Map.of("imageIndex", task.rejection().imageIndex(), "image", task.rejection().image(),
              "problem", task.rejection().problem()));
    }
    return Map.of(
        "taskId", task.taskId(),
        "type", task.type(),
        "classGroupKey", task.classGroup().key(),
        "status", TaskStatus.DONE.name(),
        "result", task.readings().isEmpty()
            ? Map.of("objects", task.result())
            : Map.of("objects", task.result(), "readings", task.readings()));
  }
}
