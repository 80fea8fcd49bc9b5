package dev.loupe.operatorwork;

import dev.loupe.security.Callers;
import dev.loupe.security.Role;
import java.util.List;
import org.springframework.stereotype.Component;

/** The signed-in person as an {@link Operator}: their name, whether they are an admin, their teams' work. */
@Component
class Operators {

  private final Callers callers;
  private final Teams teams;

  Operators(Callers callers, Teams teams) {
    this.callers = callers;
    this.teams = teams;
  }

  Operator current() {
    Callers.Caller caller = callers.current();
    boolean admin = caller.is(Role.ADMIN);
    return new Operator(caller.name(), admin, admin ? List.of() : teams.scopesOf(caller.name()));
  }
}
