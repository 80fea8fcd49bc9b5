package dev.loupe.security;

import dev.loupe.task.AdminAudit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins manage the local user store: people, their roles ({@code operator}, {@code designer}, {@code ml-engineer},
 * {@code ops}, {@code admin}), passwords, and whether they may sign in. A password left out is generated and shown
 * in the answer this once.
 */
@RestController
@RequestMapping("/api/v1/users")
class UsersController {

  record CreateUser(String username, String password, List<String> roles) {}

  record SetRoles(@NotNull List<String> roles) {}

  record ResetPassword(String password) {}

  private final StaffUsers users;
  private final AdminAudit audit;

  UsersController(StaffUsers users, AdminAudit audit) {
    this.users = users;
    this.audit = audit;
  }

  @GetMapping
  List<StaffUsers.StaffUser> all() {
    return users.all();
  }

  @GetMapping("/{username}")
  StaffUsers.StaffUser get(@PathVariable String username) {
    return users.get(username);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  StaffUsers.Credentials create(@RequestBody CreateUser request) {
    StaffUsers.Credentials created = users.create(request.username(), request.password(), request.roles());
    audit.record("UserCreated", AdminAudit.Subject.USER, created.user().username(),
        Map.of("roles", created.user().roles()));
    return created;
  }

  @PutMapping("/{username}/roles")
  StaffUsers.StaffUser setRoles(@PathVariable String username, @Valid @RequestBody SetRoles request) {
    StaffUsers.StaffUser changed = users.setRoles(username, request.roles());
    audit.record("RolesChanged", AdminAudit.Subject.USER, username, Map.of("roles", changed.roles()));
    return changed;
  }

  @PostMapping("/{username}/password")
  StaffUsers.Credentials resetPassword(@PathVariable String username,
      @RequestBody(required = false) ResetPassword request) {
    StaffUsers.Credentials reset = users.resetPassword(username, request == null ? null : request.password());
    audit.record("PasswordReset", AdminAudit.Subject.USER, username, Map.of("generated", reset.password() != null));
    return reset;
  }

  @PostMapping("/{username}/disable")
  StaffUsers.StaffUser disable(@PathVariable String username) {
    StaffUsers.StaffUser disabled = users.setEnabled(username, false);
    audit.record("UserDisabled", AdminAudit.Subject.USER, username, Map.of());
    return disabled;
  }

  @PostMapping("/{username}/enable")
  StaffUsers.StaffUser enable(@PathVariable String username) {
    StaffUsers.StaffUser enabled = users.setEnabled(username, true);
    audit.record("UserEnabled", AdminAudit.Subject.USER, username, Map.of());
    return enabled;
  }
}
