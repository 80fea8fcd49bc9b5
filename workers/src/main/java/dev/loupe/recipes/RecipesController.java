package dev.loupe.recipes;

import dev.loupe.recipes.RecipeBook.DeployedForm;
import dev.loupe.recipes.RecipeBook.DeployedRecipe;
import dev.loupe.task.AdminAudit;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Process designers deploy a changed recipe without restarting Loupe: the BPMN file as the request body. New
 * tasks use the new version at once; running tasks finish on the version they started with. A Camunda form a
 * recipe links is posted the same way, as JSON, before the recipe.
 */
@RestController
@RequestMapping("/api/v1/recipes")
class RecipesController {

  private final RecipeBook recipes;
  private final AdminAudit audit;

  RecipesController(RecipeBook recipes, AdminAudit audit) {
    this.recipes = recipes;
    this.audit = audit;
  }

  @PostMapping(consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, "application/bpmn+xml",
      MediaType.APPLICATION_OCTET_STREAM_VALUE})
  @ResponseStatus(HttpStatus.CREATED)
  DeployedRecipe deploy(
      @RequestParam(defaultValue = "recipe.bpmn") @Pattern(regexp = "[\\w.-]+\\.bpmn") String name,
      @RequestBody byte[] bpmn) {
    DeployedRecipe deployed = recipes.deploy(name, bpmn);
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
