package dev.loupe.security;

import dev.loupe.task.SecretTokens;
import dev.loupe.task.TaskRejected;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The local user store's administration: people, their roles, passwords and whether they may sign in. Spring
 * Security's {@link JdbcUserDetailsManager} reads and writes the rows; this adds what an admin needs on top
 * (a listing, generated passwords, one role change at a time) and the rules: a username is lower-case, a
 * password is at least {@value #MIN_PASSWORD} characters, and a person is never given {@link Role#CLIENT}.
 */
@Service
public class StaffUsers {

  static final int MIN_PASSWORD = 12;
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  /** A person as an admin sees them: never the password hash. */
  public record StaffUser(String username, Set<String> roles, boolean enabled) {}

  /** A person just made, or given a new password: {@code password} is shown this once when Loupe chose it. */
  public record Credentials(StaffUser user, String password) {}

  private final JdbcUserDetailsManager users;
  private final PasswordEncoder passwords;
  private final JdbcClient jdbc;
  private final SessionRegistry sessions;

  StaffUsers(JdbcUserDetailsManager users, PasswordEncoder passwords, JdbcClient jdbc, SessionRegistry sessions) {
    this.users = users;
    this.passwords = passwords;
    this.jdbc = jdbc;
    this.sessions = sessions;
  }

  public List<StaffUser> all() {
    return jdbc.sql("""
            SELECT u.username, u.enabled, coalesce(array_agg(a.authority) FILTER (WHERE a.authority IS NOT NULL),
                                                   '{}') AS authorities
              FROM staff_user u LEFT JOIN staff_authority a ON a.username = u.username
             GROUP BY u.username, u.enabled
             ORDER BY u.username
            """)
        .query((row, index) -> new StaffUser(row.getString("username"),
            labels(Arrays.asList((String[]) row.getArray("authorities").getArray())), row.getBoolean("enabled")))
        .list();
  }

  public StaffUser get(String username) {
    return view(load(username));
  }

  public boolean exists(String username) {
    return users.userExists(username);
  }

  /**
   * @param password null: Loupe chooses one and returns it
   * @throws TaskRejected INVALID for a bad username, password or role, CONFLICT when the username is taken
   */
  @Transactional
  public Credentials create(String username, String password, Collection<String> roles) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "username",
          "must be 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (users.userExists(username)) {
      throw new TaskRejected(TaskRejected.Reason.CONFLICT, "user %s already exists".formatted(username));
    }
    String chosen = password == null ? generatedPassword() : checked(password);
    users.createUser(User.withUsername(username).password(passwords.encode(chosen))
        .authorities(authorities(roles)).build());
    return new Credentials(get(username), password == null ? chosen : null);
  }

  /**
   * New roles; the person's sessions on this instance end, so none goes on with the roles it signed in with.
   *
   * @throws TaskRejected NOT_FOUND for an unknown user, INVALID for an unknown role
   */
  @Transactional
  public StaffUser setRoles(String username, Collection<String> roles) {
    UserDetails user = load(username);
    users.updateUser(User.withUserDetails(user).authorities(authorities(roles)).build());
    endSessions(username);
    return get(username);
  }

  /**
   * A new password; the person's sessions on this instance end (their next request goes to the login page).
   *
   * @param password null: Loupe chooses one and returns it
   * @throws TaskRejected NOT_FOUND for an unknown user, INVALID for a too short password
   */
  @Transactional
  public Credentials resetPassword(String username, String password) {
    UserDetails user = load(username);
    String chosen = password == null ? generatedPassword() : checked(password);
    users.updateUser(User.withUserDetails(user).password(passwords.encode(chosen)).build());
    endSessions(username);
    return new Credentials(get(username), password == null ? chosen : null);
  }

  /**
   * A disabled person can no longer sign in, their tokens stop working, and their sessions on this instance end.
   *
   * @throws TaskRejected NOT_FOUND for an unknown user
   */
  @Transactional
  public StaffUser setEnabled(String username, boolean enabled) {
    UserDetails user = load(username);
    users.updateUser(User.withUserDetails(user).disabled(!enabled).build());
    if (!enabled) {
      endSessions(username);
    }
    return get(username);
  }

  private void endSessions(String username) {
    sessions.getAllPrincipals().stream()
        .filter(principal -> principal instanceof UserDetails details && details.getUsername().equals(username))
        .flatMap(principal -> sessions.getAllSessions(principal, false).stream())
        .forEach(SessionInformation::expireNow);
  }

  private UserDetails load(String username) {
    if (username == null || !users.userExists(username)) {
      throw new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no user " + username);
    }
    return users.loadUserByUsername(username);
  }

  private static StaffUser view(UserDetails user) {
    return new StaffUser(user.getUsername(),
        labels(user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList()), user.isEnabled());
  }

  private static Set<String> labels(Collection<String> authorities) {
    return authorities.stream()
        .map(Role::parse)
        .flatMap(Optional::stream)
        .map(Role::label)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String[] authorities(Collection<String> roles) {
    if (roles == null) {
      return new String[0];
    }
    return roles.stream()
        .map(label -> Optional.ofNullable(label).flatMap(Role::parse)
            .filter(role -> role != Role.CLIENT)
            .orElseThrow(() -> new TaskRejected(TaskRejected.Reason.INVALID, "roles",
                "'%s' is not one of operator, designer, ml-engineer, ops, admin".formatted(label))))
        .map(Role::authority)
        .distinct()
        .toArray(String[]::new);
  }

  private static String checked(String password) {
    if (password.length() < MIN_PASSWORD) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "password",
          "must be at least %d characters".formatted(MIN_PASSWORD));
    }
    return password;
  }

  private static String generatedPassword() {
    return SecretTokens.generate("");
  }
}
