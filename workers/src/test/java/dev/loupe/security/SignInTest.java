package dev.loupe.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.loupe.clients.Client;
import dev.loupe.clients.ClientRegistry;
import dev.loupe.task.TaskRejected;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Signing in through the real filter chain ({@link SecurityConfiguration}): people with a JWT from an OIDC provider
 * (a JWKS served on loopback, tokens signed here), and the routing of bearer tokens by prefix, so an API key never
 * reaches the JWT decoder.
 */
@WebMvcTest(controllers = MeController.class)
class SignInTest {

  /** The slice's application: the real security configuration and the one controller it guards here. */
  @SpringBootConfiguration
  @Import({SecurityConfiguration.class, Callers.class, MeController.class})
  static class Slice {}

  private static final String ISSUER = "http://127.0.0.1/realms/loupe";
  private static final String AUDIENCE = "loupe";
  private static final RSAKey KEY = rsaKey("signing");
  private static final RSAKey OTHER_KEY = rsaKey("other");
  private static final AtomicInteger JWKS_REQUESTS = new AtomicInteger();
  private static final HttpServer JWKS = jwks();

  @Autowired private MockMvc mvc;
  @MockitoBean private ClientRegistry clients;
  @MockitoBean private StaffTokens tokens;
  @MockitoBean private StaffUsers users;
  @MockitoBean private DataSource dataSource;

  @DynamicPropertySource
  static void oidcProvider(DynamicPropertyRegistry properties) {
    properties.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
    properties.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
    properties.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
    properties.add("loupe.security.jwt.roles-claim", () -> "realm_access.roles");
  }

  @AfterAll
  static void stopJwks() {
    JWKS.stop(0);
  }

  @Test
  void shouldSignInAPersonWithAGoodTokenAsTheirNameAndRoles() throws Exception {
    mvc.perform(get("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token(KEY, ISSUER, AUDIENCE, 300)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.username").value("oidc:ayse"))
        .andExpect(jsonPath("$.roles").value(containsInAnyOrder("operator", "ml-engineer")));
  }

  @Test
  void shouldNeverLetAPersonOfTheProviderMakeATokenOfTheLocalUserOfTheSameName() throws Exception {
    when(users.exists("admin")).thenReturn(true);
    String admin = token(KEY, ISSUER, AUDIENCE, 300, "admin");

    assertThatThrownBy(() -> mvc.perform(post("/api/v1/me/tokens")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
            .contentType("application/json").content("{\"name\":\"x\"}")))
        .hasRootCauseInstanceOf(TaskRejected.class);
    verify(tokens, never()).create(anyString(), anyString());
  }

  @Test
  void shouldRefuseAnExpiredToken() throws Exception {
    expectUnauthorized(token(KEY, ISSUER, AUDIENCE, -300));
  }

  @Test
  void shouldRefuseATokenOfAnotherIssuer() throws Exception {
    expectUnauthorized(token(KEY, "http://127.0.0.1/realms/elsewhere", AUDIENCE, 300));
  }

  @Test
  void shouldRefuseATokenForAnotherAudience() throws Exception {
    expectUnauthorized(token(KEY, ISSUER, "someone-else", 300));
  }

  @Test
  void shouldRefuseATokenSignedWithAnotherKey() throws Exception {
    expectUnauthorized(token(OTHER_KEY, ISSUER, AUDIENCE, 300));
  }

  @Test
  void shouldCheckAnApiKeyInTheKeyStoreAndNeverAtTheOidcProvider() throws Exception {
    when(clients.authenticate(anyString())).thenReturn(Optional.empty());
    int jwksRequestsBefore = JWKS_REQUESTS.get();

    expectUnauthorized("lpk_unknown");

    verify(clients).authenticate("lpk_unknown");
    verify(tokens, never()).authenticate(anyString());
    assertThat(JWKS_REQUESTS.get()).isEqualTo(jwksRequestsBefore);
  }

  @Test
  void shouldNeverCheckAJwtInTheKeyStores() throws Exception {
    mvc.perform(get("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token(KEY, ISSUER, AUDIENCE, 300)))
        .andExpect(status().isOk());

    verify(clients, never()).authenticate(anyString());
    verify(tokens, never()).authenticate(anyString());
  }

  @Test
  void shouldRefuseAClientOnAPeopleOnlyEndpoint() throws Exception {
    when(clients.authenticate("lpk_acme")).thenReturn(Optional.of(new Client("acme", "ACME", Instant.EPOCH, null)));

    mvc.perform(get("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer lpk_acme"))
        .andExpect(status().isForbidden());
  }

  @Test
  void shouldChallengeWithBearerAndNeverBasic() throws Exception {
    mvc.perform(get("/api/v1/me"))
        .andExpect(status().isUnauthorized())
        .andExpect(result -> assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
            .startsWith("Bearer"));
  }

  private void expectUnauthorized(String bearer) throws Exception {
    mvc.perform(get("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer))
        .andExpect(status().isUnauthorized());
  }

  private static String token(RSAKey key, String issuer, String audience, long secondsToLive) throws JOSEException {
    return token(key, issuer, audience, secondsToLive, "ayse");
  }

  private static String token(RSAKey key, String issuer, String audience, long secondsToLive, String username)
      throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject("0b5e6f1c")
        .claim("preferred_username", username)
        .claim("realm_access", Map.of("roles", List.of("operator", "ml-engineer", "offline_access")))
        .issueTime(Date.from(now.minusSeconds(600)))
        .expirationTime(Date.from(now.plusSeconds(secondsToLive)))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static RSAKey rsaKey(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The provider's JWKS on loopback: it publishes only {@link #KEY}. */
  private static HttpServer jwks() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      server.createContext("/jwks", exchange -> {
        JWKS_REQUESTS.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
