package dev.loupe.app;

import java.net.URI;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/** People for integration tests: a user with roles (made by admin when missing) and a token to act as them. */
final class People {

  /** Every test person's password. */
  static final String PASSWORD = "integration-test-password";

  private People() {}

  /** A token of {@code username}, who is made with the roles (labels: operator, ml-engineer, ...) if missing. */
  static String token(TestRestTemplate http, String username, String... roles) {
    StringBuilder labels = new StringBuilder();
    for (String role : roles) {
      labels.append(labels.isEmpty() ? "" : ",").append('"').append(role).append('"');
    }
    var created = JsonRequests.post(http, "/api/v1/users",
        "{\"username\":\"%s\",\"password\":\"%s\",\"roles\":[%s]}".formatted(username, PASSWORD, labels), null);
    if (created.getStatusCode() != HttpStatus.CREATED && created.getStatusCode() != HttpStatus.CONFLICT) {
      throw new IllegalStateException("could not make " + username + ": " + created);
    }
    return StaffAuth.token(port(http), username, PASSWORD);
  }

  /** Puts the operator in a team given that task type, so their inbox shows its tasks. */
  static void inTeamFor(TestRestTemplate http, String team, String taskType, String... operators) {
    StringBuilder members = new StringBuilder();
    for (String operator : operators) {
      members.append(members.isEmpty() ? "" : ",").append('"').append(operator).append('"');
    }
    var put = JsonRequests.put(http, "/api/v1/teams/" + team,
        "{\"taskTypes\":[\"%s\"],\"members\":[%s]}".formatted(taskType, members));
    if (!put.getStatusCode().is2xxSuccessful()) {
      throw new IllegalStateException("could not make team " + team + ": " + put);
    }
  }

  private static int port(TestRestTemplate http) {
    return URI.create(http.getRootUri()).getPort();
  }
}
