package dev.loupe.security;

import dev.loupe.task.AdminAudit;
import dev.loupe.task.TaskRejected;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * On first start, creates {@value #ADMIN} with {@link Role#ADMIN}, so there is someone to create everyone else.
 * The password is {@code LOUPE_ADMIN_PASSWORD} when set; otherwise Loupe generates one and logs it this once (only
 * its hash is stored). An existing {@value #ADMIN} is never touched: a later {@code LOUPE_ADMIN_PASSWORD} does not
 * reset it. A password that {@link StaffUsers} refuses stops the start, saying which setting to change.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

  static final String ADMIN = "admin";
  private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

  private final StaffUsers users;
  private final AdminAudit audit;
  private final String password;

  AdminBootstrap(StaffUsers users, AdminAudit audit, @Value("${loupe.security.admin-password:}") String password) {
    this.users = users;
    this.audit = audit;
    this.password = password;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (users.exists(ADMIN)) {
      return;
    }
    try {
      StaffUsers.Credentials created = users.create(ADMIN, password.isBlank() ? null : password,
          List.of(Role.ADMIN.label()));
      audit.record("UserCreated", AdminAudit.Subject.USER, ADMIN, Map.of("roles", created.user().roles()));
      if (created.password() != null) {
        log.warn("Created user '{}' with the generated password {} (shown only this once; set "
            + "LOUPE_ADMIN_PASSWORD before the first start to choose it)", ADMIN, created.password());
      } else {
        log.info("Created user '{}' with the password from LOUPE_ADMIN_PASSWORD", ADMIN);
      }
    } catch (DuplicateKeyException anotherInstanceWasFirst) {
      log.info("User '{}' was created by another instance", ADMIN);
    } catch (TaskRejected refused) {
      throw new IllegalStateException("LOUPE_ADMIN_PASSWORD (loupe.security.admin-password) is refused for user "
          + "'%s': %s".formatted(ADMIN, refused.getMessage()), refused);
    }
  }
}
