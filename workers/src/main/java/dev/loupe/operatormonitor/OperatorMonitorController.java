package dev.loupe.operatormonitor;

import dev.loupe.operatorwork.Teams;
import dev.loupe.readmodels.operatormonitor.OperatorMonitor;
import dev.loupe.readmodels.operatormonitor.OperatorMonitor.OperatorDay;
import dev.loupe.readmodels.operatormonitor.OperatorMonitor.Scope;
import dev.loupe.readmodels.operatormonitor.OperatorMonitor.SessionPage;
import dev.loupe.readmodels.operatormonitor.OperatorMonitor.TeamFigures;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.security.Callers;
import dev.loupe.security.Role;
import dev.loupe.task.TaskRejected;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator monitor (docs/operator-monitor.md): operators' sessions and what they add up to per operator per
 * day and per team, from the operator-sessions read model. Days are UTC dates of a session's end, a range
 * {@code from}..{@code to} inclusive: by default the last {@value #DEFAULT_DAYS} days up to today. Ops and admins
 * see everyone; an operator sees only their own sessions and days.
 */
@RestController
@RequestMapping("/api/v1/operator-monitor")
class OperatorMonitorController {

  private static final int DEFAULT_DAYS = 7;
  /** The longest range of the per-day and per-team figures. */
  private static final int MAX_DAYS = 366;

  private final OperatorMonitor monitor;
  private final Teams teams;
  private final Callers callers;

  OperatorMonitorController(OperatorMonitor monitor, Teams teams, Callers callers) {
    this.monitor = monitor;
    this.teams = teams;
    this.callers = callers;
  }

  /**
   * Sessions that ended in the range, the latest first: a page of up to 200, narrowed to an operator and/or a
   * team's members.
   */
  @GetMapping("/sessions")
  SessionPage sessions(
      @RequestParam(required = false) String operator,
      @RequestParam(required = false) String team,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
    if (((long) page + 1) * size > TaskViews.RESULT_WINDOW) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "page",
          "reaches past the %d first sessions a list can page through: narrow the range"
              .formatted(TaskViews.RESULT_WINDOW));
    }
    LocalDate last = to == null ? today() : to;
    return monitor.sessions(scope(operator, team, range(from, last), last), page, size);
  }

  /** Each operator's figures per day they ended a session in the range, by operator then day. */
  @GetMapping("/days")
  List<OperatorDay> days(
      @RequestParam(required = false) String operator,
      @RequestParam(required = false) String team,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    LocalDate last = to == null ? today() : to;
    return monitor.days(scope(operator, team, range(from, last), last));
  }

  /** Each team's figures over its members' sessions in the range (ops and admins only). */
  @GetMapping("/teams")
  List<TeamFigures> teams(
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    LocalDate last = to == null ? today() : to;
    Map<String, List<String>> members = new LinkedHashMap<>();
    teams.all().forEach(each -> members.put(each.name(), each.members()));
    return monitor.teams(members, range(from, last), last);
  }

  /**
   * The operators whose sessions the caller asked for and may see: null for everyone's.
   *
   * @throws TaskRejected FORBIDDEN for an operator asking for someone else's or a team's; NOT_FOUND for an unknown
   *     team
   */
  private Scope scope(String operator, String team, LocalDate from, LocalDate to) {
    Callers.Caller caller = callers.current();
    if (!caller.is(Role.OPS)) {
      if ((operator != null && !operator.equals(caller.name())) || team != null) {
        throw new TaskRejected(TaskRejected.Reason.FORBIDDEN,
            "an operator sees only their own sessions: leave out 'team', and 'operator' or give your own name");
      }
      return new Scope(List.of(caller.name()), from, to);
    }
    List<String> operators = team == null ? null : teams.get(team).members();
    if (operator != null) {
      operators = operators == null || operators.contains(operator) ? List.of(operator) : List.of();
    }
    return new Scope(operators, from, to);
  }

  /** The range's first day: {@code from}, or the last {@value #DEFAULT_DAYS} days up to {@code to}. */
  private static LocalDate range(LocalDate from, LocalDate to) {
    LocalDate first = from == null ? to.minusDays(DEFAULT_DAYS - 1) : from;
    if (first.isAfter(to)) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "from", "must not be after 'to' (" + to + ")");
    }
    if (ChronoUnit.DAYS.between(first, to) >= MAX_DAYS) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "from",
          "the range may hold at most %d days: narrow it".formatted(MAX_DAYS));
    }
    return first;
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }
}
