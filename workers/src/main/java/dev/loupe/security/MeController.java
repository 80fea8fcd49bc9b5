package dev.loupe.security;

import dev.loupe.task.TaskRejected;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in person: who they are (the admin UI shows it, and acts as them), and their tokens for scripts, so a
 * script pays the password's slow hash once, not on every request. Tokens belong to people in the local user
 * store; a person signed in through the OIDC provider gets tokens from the provider.
 */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

  record Me(String username, Set<String> roles) {}

  record NewTokenRequest(String name) {}

  private final Callers callers;
  private final StaffTokens tokens;
  private final StaffUsers users;

  MeController(Callers callers, StaffTokens tokens, StaffUsers users) {
    this.callers = callers;
    this.tokens = tokens;
    this.users = users;
  }

  @GetMapping
  Me me() {
    Callers.Caller caller = callers.current();
    return new Me(caller.name(),
        caller.roles().stream().map(Role::label).collect(Collectors.toCollection(TreeSet::new)));
  }

  @GetMapping("/tokens")
  List<StaffTokens.TokenView> tokens() {
    return tokens.of(callers.current().name());
  }

  @PostMapping("/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  StaffTokens.NewToken createToken(@RequestBody NewTokenRequest request) {
    String username = callers.current().name();
    if (!users.exists(username)) {
      throw new TaskRejected(TaskRejected.Reason.FORBIDDEN,
          "tokens are for people in Loupe's own user store; ask your sign-in provider for a token");
    }
    return tokens.create(username, request.name());
  }

  @DeleteMapping("/tokens/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id) {
    tokens.revoke(callers.current().name(), id);
    return ResponseEntity.noContent().build();
  }
}
