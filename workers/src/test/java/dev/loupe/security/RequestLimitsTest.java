package dev.loupe.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

class RequestLimitsTest {

  private final RequestLimits limits = new RequestLimits(new ObjectMapper(), 100, 50, 200, 30, 2);

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void shouldAnswer413ForADeclaredBodyOverTheLimitOfItsKindWithoutReadingIt() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();

    limits.doFilter(request("POST", "/api/v1/tasks", 51), response, (req, res) -> {
      throw new AssertionError("the request went on");
    });

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString()).contains("at most 50");
  }

  @Test
  void shouldTakeABodyUpToTheLimitOfItsKind() throws Exception {
    assertThat(pass(request("POST", "/api/v1/recipes", 100))).isTrue();
    assertThat(pass(request("POST", "/api/v1/sessions/s1/finish", 200))).isTrue();
    assertThat(pass(request("PUT", "/api/v1/teams/shelves", 30))).isTrue();
    assertThat(pass(request("PUT", "/api/v1/teams/shelves", 31))).isFalse();
  }

  @Test
  void shouldStopReadingAChunkedBodyAtTheLimit() throws Exception {
    MockHttpServletRequest chunked = request("POST", "/api/v1/tasks", 80);
    chunked.removeHeader("Content-Length");
    chunked.setContent(new byte[80]);
    chunked.addHeader("Transfer-Encoding", "chunked");
    AtomicReference<HttpServletRequest> seen = new AtomicReference<>();

    limits.doFilter(new ChunkedRequest(chunked), new MockHttpServletResponse(),
        (req, res) -> seen.set((HttpServletRequest) req));

    InputStream body = seen.get().getInputStream();
    assertThatThrownBy(body::readAllBytes).isInstanceOf(BodyTooLarge.class);
  }

  @Test
  void shouldAnswer429WithRetryAfterOnceACallerCreatesMoreTasksThanItsRate() throws Exception {
    SecurityContextHolder.getContext().setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated("client:acme", null, List.of()));
    assertThat(pass(request("POST", "/api/v1/tasks", 10))).isTrue();
    assertThat(pass(request("POST", "/api/v1/tasks", 10))).isTrue();

    MockHttpServletResponse third = new MockHttpServletResponse();
    limits.doFilter(request("POST", "/api/v1/tasks", 10), third, (req, res) -> { });

    assertThat(third.getStatus()).isEqualTo(429);
    assertThat(third.getHeader("Retry-After")).isEqualTo("1");
    assertThat(pass(request("GET", "/api/v1/tasks", 0))).as("reads are not rate limited").isTrue();
  }

  private boolean pass(MockHttpServletRequest request) throws Exception {
    AtomicReference<Boolean> passed = new AtomicReference<>(false);
    limits.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(true));
    return passed.get();
  }

  private static MockHttpServletRequest request(String method, String path, int bytes) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setContent(new byte[bytes]);
    return request;
  }

  /** A request whose length is unknown, as a chunked body's is. */
  private static final class ChunkedRequest extends HttpServletRequestWrapper {

    ChunkedRequest(HttpServletRequest request) {
      super(request);
    }

    @Override
    public long getContentLengthLong() {
      return -1;
    }

    @Override
    public int getContentLength() {
      return -1;
    }
  }
}
