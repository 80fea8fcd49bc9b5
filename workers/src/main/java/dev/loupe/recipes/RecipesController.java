package dev.loupe.recipes;

import dev.loupe.recipes.RecipeBook.DeployedForm;
import dev.loupe.recipes.RecipeBook.DeployedRecipe;
import jakarta.validation.constraints.Pattern;
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

  RecipesController(RecipeBook recipes) {
    this.recipes = recipes;
  }

  @PostMapping(consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, "application/bpmn+xml",
      MediaType.APPLICATION_OCTET_STREAM_VALUE})
  @ResponseStatus(HttpStatus.CREATED)
  DeployedRecipe deploy(
      @RequestParam(defaultValue = "recipe.bpmn") @Pattern(regexp = "[\\w.-]+\\.bpmn") String name,
      @RequestBody byte[] bpmn) {
    return recipes.deploy(name, bpmn);
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  DeployedForm deployForm(
      @RequestParam @Pattern(regexp = "[\\w.-]+\\.form") String name,
      @RequestBody byte[] form) {
    return recipes.deployForm(name, form);
  }
}
