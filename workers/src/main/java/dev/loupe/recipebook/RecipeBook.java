package dev.loupe.recipebook;

import dev.loupe.recipes.JobTypes;
import dev.loupe.submission.TaskSubmissions;
import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.client.api.response.Process;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Service;
import org.springframework.util.ClassUtils;

/**
 * The recipes a designer may deploy: a BPMN process whose id is a task type Loupe knows and whose every service
 * task names a job type some worker of this Loupe serves. The recipes Loupe ships are checked at start-up;
 * a changed recipe is checked, then deployed without a restart (running tasks finish on their version).
 */
@Service
public class RecipeBook implements SmartInitializingSingleton {

  /** A deployed recipe: its process id, the version Zeebe gave it, and the process definition key. */
  public record DeployedRecipe(String processId, int version, long processDefinitionKey) {}

  private static final String SHIPPED = "classpath*:recipes/*.bpmn";

  private final ApplicationContext context;
  private final CamundaClient camunda;
  private Set<String> servedJobTypes;

  RecipeBook(ApplicationContext context, CamundaClient camunda) {
    this.context = context;
    this.camunda = camunda;
  }

  /** Checks the shipped recipes once every worker bean exists: a broken one stops Loupe with its reasons. */
  @Override
  public void afterSingletonsInstantiated() {
    servedJobTypes = servedJobTypes();
    try {
      for (Resource recipe : new PathMatchingResourcePatternResolver().getResources(SHIPPED)) {
        validate(recipe.getFilename(), recipe.getContentAsByteArray());
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
      throw new RecipeProblem(name, List.of("not a valid BPMN 2.0 file: " + rootMessage(unreadable)));
    }
    List<String> problems = new ArrayList<>();
    List<io.camunda.zeebe.model.bpmn.instance.Process> processes = new ArrayList<>(
        model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class));
    processes.removeIf(process -> !process.isExecutable());
    if (processes.size() != 1) {
      problems.add("a recipe holds exactly one executable process, this one has " + processes.size());
    }
    processes.stream()
        .map(io.camunda.zeebe.model.bpmn.instance.Process::getId)
        .filter(id -> !TaskSubmissions.TASK_TYPES.contains(id))
        .forEach(id -> problems.add("process id '%s' is not a task type Loupe knows %s"
            .formatted(id, TaskSubmissions.TASK_TYPES)));
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
      if (definition == null || definition.getType() == null || definition.getType().isBlank()) {
        problems.add("service task '%s' names no job type".formatted(task.getId()));
      } else if (!definition.getType().startsWith("=") && !servedJobTypes.contains(definition.getType())) {
        problems.add("service task '%s' names job type '%s', which no worker serves"
            .formatted(task.getId(), definition.getType()));
      }
    }
    if (!problems.isEmpty()) {
      throw new RecipeProblem(name, problems);
    }
  }

  /**
   * Validates the recipe, then deploys it to Zeebe; new tasks of its type use it at once.
   *
   * @throws RecipeProblem when Loupe or Zeebe refuses it, with the reasons
   */
  public DeployedRecipe deploy(String name, byte[] bpmn) {
    validate(name, bpmn);
    try {
      DeploymentEvent deployment = camunda.newDeployResourceCommand().addResourceBytes(bpmn, name).send().join();
      Process process = deployment.getProcesses().getFirst();
      return new DeployedRecipe(process.getBpmnProcessId(), process.getVersion(), process.getProcessDefinitionKey());
    } catch (ClientStatusException refused) {
      throw new RecipeProblem(name, List.of("Zeebe refused it: " + refused.getMessage()));
    }
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
