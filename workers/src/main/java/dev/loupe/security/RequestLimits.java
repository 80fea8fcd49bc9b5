package dev.loupe.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What one request may cost, checked after sign-in and before a body is read:
 * <ul>
 *   <li>a body size per kind of request ({@code loupe.limits.*-bytes}): a BPMN upload, a task creation, an
 *       operator's finished session (room for 10,000 boxes), anything else. Over it: 413, whether the size was
 *       declared ({@code Content-Length}) or only found while reading a chunked body;
 *   <li>task creations per caller per second on this instance ({@code loupe.limits.tasks-per-second}): over it,
 *       429 with {@code Retry-After}. The default is far above what the benchmarks and the chaos harness offer.
 * </ul>
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class RequestLimits extends OncePerRequestFilter {

  private final ProblemResponses problems;
  private final long recipeBytes;
  private final long taskBytes;
  private final long sessionBytes;
  private final long otherBytes;
  private final RateLimiterRegistry creations;

  RequestLimits(ObjectMapper json,
      @Value("${loupe.limits.recipe-bytes:1048576}") long recipeBytes,
      @Value("${loupe.limits.task-bytes:262144}") long taskBytes,
      @Value("${loupe.limits.session-bytes:4194304}") long sessionBytes,
      @Value("${loupe.limits.other-bytes:262144}") long otherBytes,
      @Value("${loupe.limits.tasks-per-second:1000}") int tasksPerSecond) {
    this.problems = new ProblemResponses(json);
    this.recipeBytes = recipeBytes;
    this.taskBytes = taskBytes;
    this.sessionBytes = sessionBytes;
    this.otherBytes = otherBytes;
    this.creations = RateLimiterRegistry.of(RateLimiterConfig.custom()
        .limitForPeriod(tasksPerSecond)
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(Duration.ZERO)
        .build());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long limit = bodyLimit(request);
    if (request.getContentLengthLong() > limit) {
      problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "the body is %d bytes; at most %d are taken here"
          .formatted(request.getContentLengthLong(), limit));
      return;
    }
    if (isTaskCreation(request) && !creations.rateLimiter(callerOf()).acquirePermission()) {
      response.setHeader(HttpHeaders.RETRY_AFTER, "1");
      problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "too many tasks created at once; try again in a second");
      return;
    }
    chain.doFilter(new Bounded(request, limit), response);
  }

  private long bodyLimit(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/api/v1/recipes")) {
      return recipeBytes;
    }
    if (path.startsWith("/api/v1/sessions/")) {
      return sessionBytes;
    }
    return isTaskCreation(request) ? taskBytes : otherBytes;
  }

  private static boolean isTaskCreation(HttpServletRequest request) {
    return "POST".equals(request.getMethod())
        && "/api/v1/tasks".equals(request.getRequestURI().substring(request.getContextPath().length()));
  }

  private static String callerOf() {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    return caller == null ? "anonymous" : caller.getName();
  }

  /** The request with a body that stops at the limit. */
  private static final class Bounded extends HttpServletRequestWrapper {

    private final long limit;

    Bounded(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream body = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int next = body.read();
          count(next < 0 ? 0 : 1);
          return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = body.read(buffer, offset, length);
          count(Math.max(n, 0));
          return n;
        }

        private void count(int n) throws BodyTooLarge {
          read += n;
          if (read > limit) {
            throw new BodyTooLarge(limit);
          }
        }

        @Override
        public boolean isFinished() {
          return body.isFinished();
        }

        @Override
        public boolean isReady() {
          return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          body.setReadListener(listener);
        }
      };
    }
  }
}
