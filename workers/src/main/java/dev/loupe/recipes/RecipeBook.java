package dev.loupe.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.recipes.RecipeProblem.Problem;
import dev.loupe.task.TaskTypes;
import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Form;
import io.camunda.client.api.response.Process;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTaskForm;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResultType;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Service;
import org.springframework.util.ClassUtils;

/**
 * The recipes a designer may deploy: a BPMN process whose id is a task type Loupe knows, whose every service
 * task names a job type some worker of this Loupe serves, and whose every user task's form exists: a linked form
 * ({@code formId}) Loupe has deployed (shipped next to the recipes, saved in the watched directory or posted), or
 * an embedded one ({@code camunda-forms:bpmn:…}) in the same file. The recipes Loupe ships are checked at
 * start-up and deployed (with the forms next to them); a changed recipe is checked, then deployed without a restart
 * (running tasks finish on their version). Every version deployed is kept with its BPMN ({@link RecipeVersions}).
 */
@Service
public class RecipeBook implements SmartInitializingSingleton {

  /** A deployed recipe: its process id, the version Zeebe gave it, and the process definition key. */
  public record DeployedRecipe(String processId, int version, long processDefinitionKey) {}

  /** A deployed form: its id (what user tasks link), the version Zeebe gave it, and its key. */
  public record DeployedForm(String formId, int version, long formKey) {}

  private static final String SHIPPED = "classpath*:recipes/*.bpmn";
  private static final String SHIPPED_FORMS = "classpath*:recipes/*.form";
  private static final String EMBEDDED_FORM_PREFIX = "camunda-forms:bpmn:";
  /** Who deploys the shipped recipes, in the kept versions. */
  static final String SHIPPED_BY = "loupe";

  private final ApplicationContext context;
  private final CamundaClient camunda;
  private final ObjectMapper json;
  private final RecipeVersions versions;
  private final Clock clock = Clock.systemUTC();
  private final Set<String> deployedForms = ConcurrentHashMap.newKeySet();
  private Set<String> servedJobTypes;

  RecipeBook(ApplicationContext context, CamundaClient camunda, ObjectMapper json, RecipeVersions versions) {
    this.context = context;
    this.camunda = camunda;
    this.json = json;
    this.versions = versions;
  }

  /**
   * Deploys the shipped forms and recipes once every worker bean exists, before any task is recovered: a broken
   * recipe stops Loupe with its reasons. Zeebe answers one it already has with the version it has.
   */
  @Override
  public void afterSingletonsInstantiated() {
    servedJobTypes = servedJobTypes();
    try {
      for (Resource form : new PathMatchingResourcePatternResolver().getResources(SHIPPED_FORMS)) {
        deployForm(form.getFilename(), form.getContentAsByteArray());
      }
      for (Resource recipe : new PathMatchingResourcePatternResolver().getResources(SHIPPED)) {
        deploy(recipe.getFilename(), recipe.getContentAsByteArray(), SHIPPED_BY);
      }
    } catch (IOException e) {
      throw new IllegalStateException("the shipped recipes cannot be read", e);
    }
  }

  /**
   * The reasons the recipe cannot be deployed; none when it can.
   *
   * @throws RecipeProblem listing every problem
   */
  public void validate(String name, byte[] bpmn) {
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(bpmn));
      Bpmn.validateModel(model);
    } catch (RuntimeException unreadable) {
      throw new RecipeProblem(name, List.of(Problem.ofFile("not a valid BPMN 2.0 file: " + rootMessage(unreadable))));
    }
    List<Problem> problems = new ArrayList<>(zeebeProblems(model));
    List<io.camunda.zeebe.model.bpmn.instance.Process> processes = new ArrayList<>(
        model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class));
    processes.removeIf(process -> !process.isExecutable());
    if (processes.size() != 1) {
      problems.add(Problem.ofFile("a recipe holds exactly one executable process, this one has " + processes.size()));
    }
    processes.stream()
        .map(io.camunda.zeebe.model.bpmn.instance.Process::getId)
        .filter(id -> !TaskTypes.ALL.contains(id))
        .forEach(id -> problems.add(new Problem(id, "process id '%s' is not a task type Loupe knows %s"
            .formatted(id, TaskTypes.ALL))));
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
      if (definition == null || definition.getType() == null || definition.getType().isBlank()) {
        problems.add(new Problem(task.getId(), "service task '%s' names no job type".formatted(task.getId())));
      } else if (!definition.getType().startsWith("=") && !servedJobTypes.contains(definition.getType())) {
        problems.add(new Problem(task.getId(), "service task '%s' names job type '%s', which no worker serves"
            .formatted(task.getId(), definition.getType())));
      }
    }
    problems.addAll(formProblems(model));
    if (!problems.isEmpty()) {
      throw new RecipeProblem(name, problems);
    }
  }

  /**
   * What Zeebe would refuse the model for (its design-time validators: a timer without a duration, a gateway without a
   * default...), at the element each is about, so they are known before asking Zeebe.
   */
  private static List<Problem> zeebeProblems(BpmnModelInstance model) {
    List<Problem> problems = new ArrayList<>();
    model.validate(ZeebeDesignTimeValidators.VALIDATORS).getResults().forEach((element, results) -> results.stream()
        .filter(result -> result.getType() == ValidationResultType.ERROR)
        .forEach(result -> problems.add(new Problem(elementId(element), result.getMessage()))));
    return problems;
  }

  private static String elementId(ModelElementInstance element) {
    String id = element.getAttributeValue("id");
    return id != null || element.getParentElement() == null ? id : elementId(element.getParentElement());
  }

  private List<Problem> formProblems(BpmnModelInstance model) {
    Set<String> embedded = new HashSet<>();
    model.getModelElementsByType(ZeebeUserTaskForm.class).forEach(form -> embedded.add(form.getId()));
    List<Problem> problems = new ArrayList<>();
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      ZeebeFormDefinition form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
      if (form == null) {
        continue;
      }
      if (form.getFormId() != null && !form.getFormId().isBlank() && !deployedForms.contains(form.getFormId())) {
        problems.add(new Problem(task.getId(), ("user task '%s' links form '%s', which Loupe has not deployed: save "
            + "its .form file next to the recipe, or POST it to /api/v1/recipes first")
            .formatted(task.getId(), form.getFormId())));
      }
      String key = form.getFormKey();
      if (key != null && !key.isBlank()) {
        if (!key.startsWith(EMBEDDED_FORM_PREFIX)) {
          problems.add(new Problem(task.getId(), ("user task '%s' names the custom form key '%s', which no screen "
              + "shows: Loupe's operators work in its own UI; link a Camunda form (formId) for Tasklist")
              .formatted(task.getId(), key)));
        } else if (!embedded.contains(key.substring(EMBEDDED_FORM_PREFIX.length()))) {
          problems.add(new Problem(task.getId(), "user task '%s' names the embedded form '%s', which this file "
              .formatted(task.getId(), key) + "does not hold"));
        }
      }
    }
    return problems;
  }

  /**
   * Checks a Camunda form (the JSON Camunda Modeler saves) and deploys it; recipes deployed after it may link it.
   *
   * @throws RecipeProblem when it is not a form, or Zeebe refuses it
   */
  public DeployedForm deployForm(String name, byte[] form) {
    formId(name, form);
    try {
      Form deployed = camunda.newDeployResourceCommand().addResourceBytes(form, name).send().join().getForm().getFirst();
      deployedForms.add(deployed.getFormId());
      return new DeployedForm(deployed.getFormId(), deployed.getVersion(), deployed.getFormKey());
    } catch (ClientStatusException refused) {
      throw new RecipeProblem(name, List.of(Problem.ofFile("Zeebe refused it: " + refused.getMessage())));
    }
  }

  /** The form's id, after checking it is a Camunda form: a JSON object with an {@code id} and {@code components}. */
  private String formId(String name, byte[] form) {
    JsonNode root;
    try {
      root = json.readTree(form);
    } catch (IOException unreadable) {
      throw new RecipeProblem(name, List.of(Problem.ofFile("not a Camunda form: " + unreadable.getMessage())));
    }
    List<Problem> problems = new ArrayList<>();
    if (root == null || !root.path("id").isTextual() || root.path("id").asText().isBlank()) {
      problems.add(Problem.ofFile("a Camunda form has a text 'id', which user tasks link it by"));
    }
    if (root == null || !root.path("components").isArray()) {
      problems.add(Problem.ofFile("a Camunda form has a 'components' list"));
    }
    if (!problems.isEmpty()) {
      throw new RecipeProblem(name, problems);
    }
    return root.path("id").asText();
  }

  /**
   * Validates the recipe, then deploys it to Zeebe and keeps the version with its BPMN; new tasks of its type use it
   * at once.
   *
   * @param deployedBy who deploys it: a person's name, {@code loupe} for a shipped recipe
   * @throws RecipeProblem when Loupe or Zeebe refuses it, with the reasons
   */
  public DeployedRecipe deploy(String name, byte[] bpmn, String deployedBy) {
    validate(name, bpmn);
    // stamped before Zeebe has it: a run that starts on the new version the moment it exists is never older
    Instant deployedAt = clock.instant();
    DeployedRecipe deployed;
    try {
      DeploymentEvent deployment = camunda.newDeployResourceCommand().addResourceBytes(bpmn, name).send().join();
      Process process = deployment.getProcesses().getFirst();
      deployed = new DeployedRecipe(process.getBpmnProcessId(), process.getVersion(),
          process.getProcessDefinitionKey());
    } catch (ClientStatusException refused) {
      throw new RecipeProblem(name, List.of(Problem.ofFile("Zeebe refused it: " + refused.getMessage())));
    }
    versions.keep(deployed, name, bpmn, deployedBy, deployedAt);
    return deployed;
  }

  private Set<String> servedJobTypes() {
    Set<String> types = new HashSet<>();
    types.add(JobTypes.OPERATOR_TASK);
    for (String bean : context.getBeanDefinitionNames()) {
      Class<?> type = context.getType(bean);
      if (type == null) {
        continue;
      }
      Arrays.stream(ClassUtils.getUserClass(type).getMethods())
          .map(method -> method.getAnnotation(JobWorker.class))
          .filter(annotation -> annotation != null && !annotation.type().isBlank())
          .forEach(annotation -> types.add(annotation.type()));
    }
    return types;
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
