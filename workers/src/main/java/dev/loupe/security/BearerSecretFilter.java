package dev.loupe.security;

import dev.loupe.clients.ClientRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the bearer secrets Loupe issued itself, routed by their prefix: {@code lpk_} is a client's API key
 * ({@link ClientRegistry}), {@code lpu_} a person's token ({@link StaffTokens}). Any other bearer token is left
 * alone for the OAuth2 resource server, whose token resolver skips these two prefixes
 * ({@link SecurityConfiguration}), so an API key never reaches the JWT decoder and a JWT never the key stores.
 * Nothing is kept in the HTTP session: every request carries its secret. The context is saved as a request
 * attribute, as Spring's own bearer-token filter does, so that session management sees the request as authenticated
 * already and opens no session for it: otherwise every API call would leave a session behind, and a client polling
 * its tasks would fill the server's memory with them.
 */
final class BearerSecretFilter extends OncePerRequestFilter {

  static final String BEARER = "Bearer ";

  private final ClientRegistry clients;
  private final StaffTokens tokens;
  private final AuthenticationEntryPoint entryPoint;
  private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

  BearerSecretFilter(ClientRegistry clients, StaffTokens tokens, AuthenticationEntryPoint entryPoint) {
    this.clients = clients;
    this.tokens = tokens;
    this.entryPoint = entryPoint;
  }

  /** Whether the request's bearer token is one of Loupe's own secrets (and so not a JWT). */
  static boolean carriesOwnSecret(HttpServletRequest request) {
    return ownSecret(request).isPresent();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> secret = ownSecret(request);
    if (secret.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Authentication> authenticated = authenticate(secret.get());
    if (authenticated.isEmpty()) {
      contexts.clearContext();
      entryPoint.commence(request, response, new BadCredentialsException(
          secret.get().startsWith(ClientRegistry.API_KEY_PREFIX) ? "unknown API key" : "unknown or revoked token"));
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(authenticated.get());
    contexts.setContext(context);
    SecurityConfiguration.PER_REQUEST.saveContext(context, request, response);
    try {
      chain.doFilter(request, response);
    } finally {
      contexts.clearContext();
    }
  }

  private Optional<Authentication> authenticate(String secret) {
    if (secret.startsWith(ClientRegistry.API_KEY_PREFIX)) {
      return clients.authenticate(secret).map(ClientAuthentication::new);
    }
    return tokens.authenticate(secret).map(member -> UsernamePasswordAuthenticationToken.authenticated(
        member.username(), null, AuthorityUtils.createAuthorityList(member.authorities())));
  }

  private static Optional<String> ownSecret(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String token = header.substring(BEARER.length()).trim();
    return token.startsWith(ClientRegistry.API_KEY_PREFIX) || token.startsWith(StaffTokens.PREFIX)
        ? Optional.of(token)
        : Optional.empty();
  }
}
