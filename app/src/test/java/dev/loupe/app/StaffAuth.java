package dev.loupe.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;

/**
 * The integration tests' TestRestTemplate acts as {@code admin} on every request to Loupe that carries no
 * Authorization of its own, with a token made once through HTTP Basic (so the tests do not pay bcrypt per request).
 * A request with its own Authorization (a client's API key, an operator's token) is left as it is; a test that
 * wants no credentials at all uses {@link #anonymous}.
 */
@TestConfiguration(proxyBeanMethods = false)
class StaffAuth {

  static final String ADMIN_PASSWORD = "it-admin-password";
  /** A header value that the interceptor removes instead of replacing: the request goes without credentials. */
  static final String ANONYMOUS = "anonymous";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Bean
  RestTemplateCustomizer asAdminUnlessTold(Environment environment) {
    AtomicReference<String> adminToken = new AtomicReference<>();
    return restTemplate -> restTemplate.getInterceptors().add((request, body, execution) -> {
      String port = environment.getProperty("local.server.port");
      if (port != null && request.getURI().getPort() == Integer.parseInt(port)) {
        String given = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (ANONYMOUS.equals(given)) {
          request.getHeaders().remove(HttpHeaders.AUTHORIZATION);
        } else if (given == null) {
          request.getHeaders().setBearerAuth(adminToken.updateAndGet(token -> token != null ? token
              : token(Integer.parseInt(port), "admin", ADMIN_PASSWORD)));
        }
      }
      return execution.execute(request, body);
    });
  }

  /** A new token of the person, made with their password over HTTP Basic. */
  static String token(int port, String username, String password) {
    String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me/tokens"))
        .header(HttpHeaders.AUTHORIZATION, "Basic " + basic)
        .header(HttpHeaders.CONTENT_TYPE, "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"integration tests\"}"))
        .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException("no token for " + username + ": HTTP " + response.statusCode() + " "
            + response.body());
      }
      return JSON.readTree(response.body()).path("token").asText();
    } catch (IOException e) {
      throw new IllegalStateException("no token for " + username, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
