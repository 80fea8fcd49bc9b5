package dev.loupe.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A person signed in through the OIDC provider: their roles come from one claim of the token, named by a dotted
 * path ({@code roles}, or Keycloak's {@code realm_access.roles}), holding Loupe's role labels ({@code operator},
 * {@code ml-engineer}, ...); labels Loupe does not know, and {@code client}, are ignored. The name comes from
 * {@code usernameClaim}, or {@code sub} when the token lacks it, behind {@value #PREFIX}: a provider's
 * {@code preferred_username} is not unique and may be chosen by the person, so it must never be taken for one of
 * Loupe's own users (whose names cannot hold ':'), {@code admin} least of all.
 */
final class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

  /** What every name of a person signed in by the OIDC provider starts with. */
  static final String PREFIX = "oidc:";

  private final List<String> rolesClaimPath;
  private final String usernameClaim;

  JwtRoles(String rolesClaim, String usernameClaim) {
    this.rolesClaimPath = List.of(rolesClaim.split("\\."));
    this.usernameClaim = usernameClaim;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    List<SimpleGrantedAuthority> authorities = roles(jwt).stream()
        .map(Role::parse)
        .flatMap(Optional::stream)
        .filter(role -> role != Role.CLIENT)
        .map(role -> new SimpleGrantedAuthority(role.authority()))
        .distinct()
        .toList();
    String name = Optional.ofNullable(jwt.getClaimAsString(usernameClaim)).orElse(jwt.getSubject());
    return new JwtAuthenticationToken(jwt, authorities, PREFIX + name);
  }

  private List<String> roles(Jwt jwt) {
    Object value = jwt.getClaims();
    for (String step : rolesClaimPath) {
      if (!(value instanceof Map<?, ?> map)) {
        return List.of();
      }
      value = map.get(step);
    }
    if (value instanceof Collection<?> labels) {
      return labels.stream().map(String::valueOf).toList();
    }
    return value instanceof String labels ? List.of(labels.split("[ ,]+")) : List.of();
  }
}
