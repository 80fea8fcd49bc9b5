package dev.loupe.recipebook;

import java.util.List;

/** A recipe that cannot be deployed, and every reason why. */
public class RecipeProblem extends RuntimeException {

  private final List<String> problems;

  public RecipeProblem(String recipe, List<String> problems) {
    super("recipe %s cannot be deployed: %s".formatted(recipe, String.join("; ", problems)));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
