package dev.loupe.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.clients.Client;
import dev.loupe.task.TaskRejected;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

class CallersTest {

  private static final Client ACME = new Client("acme", "ACME", Instant.EPOCH, null);

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void shouldLetAClientSeeOnlyItsOwnTasks() {
    signIn(new ClientAuthentication(ACME));

    Callers.Caller caller = callers(false).current();

    assertThat(caller.clientId()).isEqualTo("acme");
    assertThat(caller.sees("acme")).isTrue();
    assertThat(caller.sees("globex")).isFalse();
    assertThat(caller.sees(null)).isFalse();
    assertThat(caller.roles()).containsExactly(Role.CLIENT);
  }

  @Test
  void shouldGiveAnAdminEveryStaffRoleAndEveryTask() {
    signIn(person("root", "ROLE_ADMIN"));

    Callers.Caller caller = callers(false).current();

    assertThat(caller.name()).isEqualTo("root");
    assertThat(caller.roles())
        .containsExactlyInAnyOrder(Role.ADMIN, Role.OPERATOR, Role.DESIGNER, Role.ML_ENGINEER, Role.OPS);
    assertThat(caller.sees("globex")).isTrue();
  }

  @Test
  void shouldRefuseAPersonCreatingATaskWhileTasksWithoutAClientAreOff() {
    signIn(person("dora", "ROLE_DESIGNER"));

    assertThatThrownBy(() -> callers(false).creating())
        .isInstanceOfSatisfying(TaskRejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(TaskRejected.Reason.FORBIDDEN));
    assertThat(callers(true).creating().clientId()).isNull();
  }

  @Test
  void shouldLetAClientCreateWhileTasksWithoutAClientAreOff() {
    signIn(new ClientAuthentication(ACME));

    assertThat(callers(false).creating().clientId()).isEqualTo("acme");
  }

  @Test
  void shouldRefuseToNameACallerForAnUnauthenticatedRequest() {
    assertThatThrownBy(() -> callers(true).current()).isInstanceOf(IllegalStateException.class);
  }

  private static Callers callers(boolean staffTasks) {
    return new Callers(SecurityConfiguration.roleHierarchy(), staffTasks);
  }

  private static Authentication person(String name, String... authorities) {
    return UsernamePasswordAuthenticationToken.authenticated(name, null,
        AuthorityUtils.createAuthorityList(authorities));
  }

  private static void signIn(Authentication authentication) {
    SecurityContextHolder.getContext().setAuthentication(authentication);
  }
}
