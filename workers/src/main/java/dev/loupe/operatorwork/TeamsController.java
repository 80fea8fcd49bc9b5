package dev.loupe.operatorwork;

import dev.loupe.task.AdminAudit;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admins give teams their work (task types and/or class groups) and their members. */
@RestController
@RequestMapping("/api/v1/teams")
class TeamsController {

  /** A team's work and members; a list left out is empty. */
  record PutTeam(List<String> taskTypes, List<String> classGroups, List<String> members) {}

  private final Teams teams;
  private final AdminAudit audit;

  TeamsController(Teams teams, AdminAudit audit) {
    this.teams = teams;
    this.audit = audit;
  }

  @GetMapping
  List<Teams.Team> all() {
    return teams.all();
  }

  @GetMapping("/{name}")
  Teams.Team get(@PathVariable String name) {
    return teams.get(name);
  }

  @PutMapping("/{name}")
  Teams.Team put(@PathVariable String name, @RequestBody PutTeam request) {
    Teams.Team team = teams.put(name, request.taskTypes(), request.classGroups(), request.members());
    audit.record("TeamChanged", AdminAudit.Subject.TEAM, name, Map.of("taskTypes", team.taskTypes(),
        "classGroups", team.classGroups(), "members", team.members()));
    return team;
  }

  @DeleteMapping("/{name}")
  ResponseEntity<Void> remove(@PathVariable String name) {
    teams.remove(name);
    audit.record("TeamRemoved", AdminAudit.Subject.TEAM, name, Map.of());
    return ResponseEntity.noContent().build();
  }
}
