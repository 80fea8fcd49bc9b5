package dev.loupe.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.loupe.task.TaskRejected;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallersTest {

  private static final Client ACME = new Client("acme", "ACME", Instant.EPOCH, null);

  private final ClientRegistry registry = mock(ClientRegistry.class);

  @Test
  void shouldRefuseToCreateWithoutAKeyWhereOneIsRequired() {
    Callers callers = new Callers(registry, true);

    assertThatThrownBy(() -> callers.creating(null))
        .isInstanceOfSatisfying(TaskRejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(TaskRejected.Reason.UNAUTHORIZED));
    assertThat(callers.of(null).client()).as("staff may still read").isEmpty();
  }

  @Test
  void shouldLetStaffCreateWithoutAKeyByDefault() {
    assertThat(new Callers(registry, false).creating(" ").clientId()).isNull();
  }

  @Test
  void shouldFindTheClientOfABearerKeyAndLimitWhatItSees() {
    when(registry.authenticate("lpk_1")).thenReturn(Optional.of(ACME));
    Callers.Caller caller = new Callers(registry, true).creating("bearer lpk_1");

    assertThat(caller.clientId()).isEqualTo("acme");
    assertThat(caller.sees("acme")).isTrue();
    assertThat(caller.sees("globex")).isFalse();
    assertThat(caller.sees(null)).isFalse();
    assertThat(new Callers(registry, false).of(null).sees("globex")).isTrue();
  }

  @Test
  void shouldRefuseAnUnknownOrNonBearerKey() {
    when(registry.authenticate(anyString())).thenReturn(Optional.empty());
    Callers callers = new Callers(registry, false);

    assertThatThrownBy(() -> callers.of("Bearer lpk_unknown")).hasMessage("unknown API key");
    assertThatThrownBy(() -> callers.of("Basic YTpi")).hasMessageContaining("Bearer <API key>");
  }
}
