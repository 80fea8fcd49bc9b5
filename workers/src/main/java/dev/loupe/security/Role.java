package dev.loupe.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. {@link #CLIENT} is an integrator's API key; the others are people. {@link #ADMIN} includes
 * every staff role ({@link SecurityConfiguration#roleHierarchy()}). The name in JSON, in a JWT's roles claim and
 * in docs/security.md is the lower-case one with '-' ({@code ml-engineer}).
 */
public enum Role {
  CLIENT,
  OPERATOR,
  DESIGNER,
  ML_ENGINEER,
  OPS,
  ADMIN;

  /** Spring Security's authority for the role: {@code ROLE_ML_ENGINEER}. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** {@code ml-engineer}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The role a label ({@code ml-engineer}) or an authority ({@code ROLE_ML_ENGINEER}) names, if any. */
  public static Optional<Role> parse(String text) {
    String name = text.startsWith("ROLE_") ? text.substring("ROLE_".length()) : text;
    return Arrays.stream(values())
        .filter(role -> role.name().equalsIgnoreCase(name.replace('-', '_')))
        .findFirst();
  }
}
