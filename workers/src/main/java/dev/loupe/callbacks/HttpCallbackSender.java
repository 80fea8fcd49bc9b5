package dev.loupe.callbacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.clients.ClientRegistry;
import dev.loupe.outbound.OutboundHttp;
import dev.loupe.outbound.OutboundRefused;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Delivers callbacks as an HTTP POST of JSON, signed (HMAC-SHA256, header {@code Loupe-Signature}) with the
 * client's signing secrets, or for a task made without an API key with {@code loupe.callbacks.signing-secret} when
 * it is set. After a failed try it waits by {@link CallbackBackoff}'s schedule, longer the more tries failed, or as
 * long as the client's {@code Retry-After} asks, up to {@link #LONGEST_RETRY_AFTER}. The POST goes through the outbound policy with
 * its timeouts and follows no redirect; a URL the policy refuses is refused for good.
 */
@Component
class HttpCallbackSender implements CallbackSender {

  private static final Logger log = LoggerFactory.getLogger(HttpCallbackSender.class);
  static final Duration LONGEST_RETRY_AFTER = Duration.ofMinutes(10);

  private final RestClient http;
  private final ObjectMapper json;
  private final ClientRegistry clients;
  private final String defaultSecret;

  HttpCallbackSender(RestClient.Builder http, OutboundHttp outbound, ObjectMapper json, ClientRegistry clients,
      @Value("${loupe.callbacks.signing-secret:}") String defaultSecret) {
    this.http = http.requestFactory(new HttpComponentsClientHttpRequestFactory(outbound.notFollowingRedirects()))
        .build();
    this.json = json;
    this.clients = clients;
    this.defaultSecret = defaultSecret;
    if (defaultSecret.isBlank()) {
      log.warn("loupe.callbacks.signing-secret is not set: callbacks of tasks made without an API key are unsigned");
    }
  }

  @Override
  public Delivery send(URI url, String clientId, CallbackMessage message, int attempt) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("callback of task " + message.taskId() + " cannot be written as JSON", e);
    }
    List<String> secrets = clientId == null ? List.of(defaultSecret) : clients.signingSecrets(clientId);
    try {
      int status = http.post()
          .uri(url)
          .contentType(MediaType.APPLICATION_JSON)
          .contentLength(body.length)
          .headers(headers -> CallbackSigner.signature(secrets, body, Instant.now())
              .ifPresent(signature -> headers.set(CallbackSigner.HEADER, signature)))
          .body(body)
          .retrieve()
          .toBodilessEntity()
          .getStatusCode()
          .value();
      return new Delivery.Delivered(status);
    } catch (RestClientResponseException answered) {
      return new Delivery.Failed("answered HTTP " + answered.getStatusCode().value(),
          retryAfter(answered.getResponseHeaders()).orElseGet(() -> CallbackBackoff.after(attempt)));
    } catch (RestClientException unreachable) {
      return OutboundRefused.in(unreachable)
          .<Delivery>map(refused -> {
            log.warn("callback of task {} to {} refused: {}", message.taskId(), url, refused.getMessage());
            return new Delivery.Refused(OutboundRefused.PROBLEM);
          })
          .orElseGet(() -> new Delivery.Failed(cause(url, unreachable), CallbackBackoff.after(attempt)));
    }
  }

  /**
   * What went wrong underneath, as its exception's name ({@code HttpHostConnectException},
   * {@code SocketTimeoutException}): the task's events show it, so its message, which names addresses, goes to the
   * log only.
   */
  private static String cause(URI url, RestClientException failure) {
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    log.warn("callback to {} failed: {}", url, cause.toString());
    return cause.getClass().getSimpleName();
  }

  /** The client's {@code Retry-After} in seconds (a 429 or 503 sends it); an HTTP date or anything else is ignored. */
  static Optional<Duration> retryAfter(HttpHeaders headers) {
    String value = headers == null ? null : headers.getFirst(HttpHeaders.RETRY_AFTER);
    if (value == null || !value.strip().matches("\\d{1,9}")) {
      return Optional.empty();
    }
    Duration asked = Duration.ofSeconds(Long.parseLong(value.strip()));
    return Optional.of(asked.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : asked);
  }
}
