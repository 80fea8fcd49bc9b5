package dev.loupe.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class JwtRolesTest {

  @Test
  void shouldReadRolesFromANestedClaimIgnoreUnknownLabelsAndClientAndPrefixTheName() {
    Jwt jwt = jwt(Map.of("sub", "f3a1", "preferred_username", "ayse",
        "realm_access", Map.of("roles", List.of("operator", "ml-engineer", "offline_access", "client"))));

    var authentication = new JwtRoles("realm_access.roles", "preferred_username").convert(jwt);

    assertThat(authentication.getName()).isEqualTo("oidc:ayse");
    assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
        .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_ML_ENGINEER");
  }

  @Test
  void shouldReadSpaceSeparatedRolesAndFallBackToTheSubjectBehindThePrefix() {
    Jwt jwt = jwt(Map.of("sub", "f3a1", "roles", "admin ops"));

    var authentication = new JwtRoles("roles", "preferred_username").convert(jwt);

    assertThat(authentication.getName()).isEqualTo("oidc:f3a1");
    assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
        .containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_OPS");
  }

  @Test
  void shouldGiveNoRoleWhenTheClaimIsMissing() {
    Jwt jwt = jwt(Map.of("sub", "f3a1"));

    assertThat(new JwtRoles("realm_access.roles", "preferred_username").convert(jwt).getAuthorities()).isEmpty();
  }

  private static Jwt jwt(Map<String, Object> claims) {
    return new Jwt("token", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), Map.of("alg", "RS256"), claims);
  }
}
