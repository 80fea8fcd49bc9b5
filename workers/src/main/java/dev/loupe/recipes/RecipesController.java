package dev.loupe.recipes;

import dev.loupe.recipes.RecipeActivity.ElementActivity;
import dev.loupe.recipes.RecipeBook.DeployedForm;
import dev.loupe.recipes.RecipeBook.DeployedRecipe;
import dev.loupe.recipes.RecipeVersions.RecipeVersion;
import dev.loupe.task.AdminAudit;
import dev.loupe.task.TaskRejected;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Process designers deploy a changed recipe without restarting Loupe: the BPMN file as the request body. New
 * tasks use the new version at once; running tasks finish on the version they started with. A Camunda form a
 * recipe links is posted the same way, as JSON, before the recipe. Designers and ops read every version deployed,
 * its diagram, and how many tasks and open incidents each of its elements has.
 */
@RestController
@RequestMapping("/api/v1/recipes")
class RecipesController {

  /** What is at a recipe version's elements now, by element id: only elements with tasks or incidents. */
  record VersionActivity(String processId, int version, Map<String, ElementActivity> elements) {}

  private final RecipeBook recipes;
  private final RecipeVersions versions;
  private final RecipeActivity activity;
  private final AdminAudit audit;

  RecipesController(RecipeBook recipes, RecipeVersions versions, RecipeActivity activity, AdminAudit audit) {
    this.recipes = recipes;
    this.versions = versions;
    this.activity = activity;
    this.audit = audit;
  }

  /** Every recipe version deployed, by process id, the newest version first; Loupe keeps them across restarts. */
  @GetMapping
  List<RecipeVersion> versions() {
    return versions.all();
  }

  /** The BPMN of a deployed version, as it was deployed. */
  @GetMapping(path = "/deployments/{deploymentId}/bpmn", produces = MediaType.APPLICATION_XML_VALUE)
  String bpmn(@PathVariable long deploymentId) {
    return versions.bpmn(deploymentId)
        .orElseThrow(() -> new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no recipe deployment " + deploymentId));
  }

  /** Per element of the version, the tasks waiting there and its open incidents, from the journal (no Operate). */
  @GetMapping("/{processId}/versions/{version}/activity")
  VersionActivity activity(@PathVariable String processId, @PathVariable int version) {
    if (versions.newest(processId, version).isEmpty()) {
      throw new TaskRejected(TaskRejected.Reason.NOT_FOUND, "no recipe %s version %d".formatted(processId, version));
    }
    return new VersionActivity(processId, version, activity.activity(processId, version));
  }

  @PostMapping(consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, "application/bpmn+xml",
      MediaType.APPLICATION_OCTET_STREAM_VALUE})
  @ResponseStatus(HttpStatus.CREATED)
  DeployedRecipe deploy(
      @RequestParam(defaultValue = "recipe.bpmn") @Pattern(regexp = "[\\w.-]+\\.bpmn") String name,
      @RequestBody byte[] bpmn) {
    DeployedRecipe deployed = recipes.deploy(name, bpmn, AdminAudit.currentActor());
    audit.record("RecipeDeployed", AdminAudit.Subject.RECIPE, name, Map.of("processId", deployed.processId(),
        "version", deployed.version(), "processDefinitionKey", deployed.processDefinitionKey()));
    return deployed;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  DeployedForm deployForm(
      @RequestParam @Pattern(regexp = "[\\w.-]+\\.form") String name,
      @RequestBody byte[] form) {
    DeployedForm deployed = recipes.deployForm(name, form);
    audit.record("FormDeployed", AdminAudit.Subject.RECIPE, name, Map.of("formId", deployed.formId(),
        "version", deployed.version(), "formKey", deployed.formKey()));
    return deployed;
  }
}
