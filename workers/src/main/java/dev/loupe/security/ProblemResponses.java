package dev.loupe.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The API's 401 and 403 as problem+json, like every other error of the API. A 401 challenges with
 * {@code Bearer}, never {@code Basic}: a browser then never caches Basic credentials that a cross-site request
 * could carry, which is what lets CSRF checks skip requests with an Authorization header.
 */
final class ProblemResponses {

  private final ObjectMapper json;

  ProblemResponses(ObjectMapper json) {
    this.json = json;
  }

  AuthenticationEntryPoint unauthorized() {
    return (request, response, failure) -> {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"loupe\"");
      write(response, HttpStatus.UNAUTHORIZED, detail(failure));
    };
  }

  AccessDeniedHandler forbidden() {
    return (request, response, denied) -> write(response, HttpStatus.FORBIDDEN, detail(denied));
  }

  private static String detail(AuthenticationException failure) {
    return failure.getMessage() != null && !failure.getMessage().startsWith("Full authentication")
        ? failure.getMessage()
        : "sign in: a client's API key or a person's token as 'Authorization: Bearer ...', HTTP Basic, or a session";
  }

  private static String detail(AccessDeniedException denied) {
    return denied.getMessage() != null && denied.getMessage().contains("CSRF")
        ? "the request's CSRF token is missing or wrong: send the XSRF-TOKEN cookie's value as X-XSRF-TOKEN"
        : "your roles do not allow this";
  }

  /** Any other refusal of the filters, as problem+json. */
  void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(status.getReasonPhrase());
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
