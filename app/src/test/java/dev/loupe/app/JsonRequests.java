package dev.loupe.app;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * JSON requests to Loupe's REST API in tests, with an Idempotency-Key where one is given, and as a client (its API
 * key as a bearer token) where one is given.
 */
final class JsonRequests {

  private JsonRequests() {}

  static ResponseEntity<String> post(TestRestTemplate http, String path, String body, String idempotencyKey) {
    return send(http, HttpMethod.POST, path, body, idempotencyKey, null);
  }

  static ResponseEntity<String> put(TestRestTemplate http, String path, String body) {
    return send(http, HttpMethod.PUT, path, body, null, null);
  }

  static ResponseEntity<String> postAs(String apiKey, TestRestTemplate http, String path, String body,
      String idempotencyKey) {
    return send(http, HttpMethod.POST, path, body, idempotencyKey, apiKey);
  }

  static ResponseEntity<String> getAs(String apiKey, TestRestTemplate http, String path) {
    return send(http, HttpMethod.GET, path, null, null, apiKey);
  }

  private static ResponseEntity<String> send(TestRestTemplate http, HttpMethod method, String path, String body,
      String idempotencyKey, String apiKey) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (idempotencyKey != null) {
      headers.set("Idempotency-Key", idempotencyKey);
    }
    if (apiKey != null) {
      headers.setBearerAuth(apiKey);
    }
    return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
  }
}
