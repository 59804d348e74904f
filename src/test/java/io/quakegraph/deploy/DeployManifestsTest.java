package io.quakegraph.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quakegraph.cli.QuakeGraph;
import io.quakegraph.ingest.TopicSpec;
import io.quakegraph.ingest.Topics;
import io.quakegraph.stream.EewJob;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every manifest under {@code deploy/} parses, and what it names exists: Java classes (on our
 * classpath, or one of the few Flink distribution classes listed below with the jar that holds
 * them), Kafka topics (exactly {@link Topics}), Flink configuration keys (declared {@link
 * ConfigOption}s of Flink's option classes, read by reflection), and the {@code quakegraph}
 * subcommand and options the submitter runs.
 */
class DeployManifestsTest {
  private static final Path DEPLOY = Path.of("deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Flink's own option classes whose public static ConfigOption fields declare the keys. */
  private static final List<String> OPTION_CLASSES =
      List.of(
          "org.apache.flink.configuration.CheckpointingOptions",
          "org.apache.flink.configuration.StateBackendOptions",
          "org.apache.flink.configuration.StateRecoveryOptions",
          "org.apache.flink.configuration.ExternalResourceOptions",
          "org.apache.flink.configuration.TaskManagerOptions",
          "org.apache.flink.configuration.JobManagerOptions",
          "org.apache.flink.configuration.MetricOptions",
          "org.apache.flink.configuration.RestartStrategyOptions",
          "org.apache.flink.configuration.ClusterOptions",
          "org.apache.flink.configuration.PipelineOptions",
          "org.apache.flink.configuration.CoreOptions",
          "org.apache.flink.configuration.RestOptions");

  /**
   * Keys declared in Flink jars that are not on this project's classpath (they ship in the Flink
   * distribution): the resource name is substituted as Flink does.
   */
  private static final Map<String, String> DISTRIBUTION_KEYS =
      Map.of(
          // flink-kubernetes:
          // KubernetesConfigOptions.EXTERNAL_RESOURCE_KUBERNETES_CONFIG_KEY_SUFFIX
          "external-resource.<resource_name>.kubernetes.config-key", "flink-kubernetes");

  /** Classes of the Flink distribution (opt/ and plugins/), not on our classpath. */
  private static final Map<String, String> DISTRIBUTION_CLASSES =
      Map.of(
          "org.apache.flink.externalresource.gpu.GPUDriverFactory",
          "opt/flink-external-resource-gpu-2.2.1.jar",
          "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
          "plugins/metrics-prometheus/flink-metrics-prometheus-2.2.1.jar");

  private static final Pattern CLASS_NAME =
      Pattern.compile("(?:org|io|com)\\.[a-z0-9_]+(?:\\.[a-z0-9_]+)*\\.[A-Z][A-Za-z0-9_$]*");

  @Test
  void everyManifestParsesAndNamesOnlyThingsThatExist() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(DEPLOY)) {
      files = s.filter(p -> p.toString().matches(".*\\.ya?ml$")).sorted().toList();
    }
    assertTrue(files.size() >= 4, "manifests found: " + files);
    List<Pattern> known = knownKeys();
    Set<String> topicsSeen = new TreeSet<>();
    Set<String> kinds = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      for (JsonNode doc : documents(f)) {
        String kind = doc.path("kind").asText();
        kinds.add(kind);
        switch (kind) {
          case "KafkaTopic" -> topicsSeen.add(doc.path("spec").path("topicName").asText());
          case "FlinkDeployment" -> {
            checkKeys(f, doc.path("spec").path("flinkConfiguration"), known, problems);
            assertEquals("flink.apache.org/v1beta1", doc.path("apiVersion").asText(), f.toString());
            assertTrue(doc.path("spec").path("jobManager").isObject(), f + ": jobManager");
            assertTrue(doc.path("spec").path("taskManager").isObject(), f + ": taskManager");
          }
          case "ConfigMap" -> {
            JsonNode conf = doc.path("data").path("config.yaml");
            if (!conf.isMissingNode()) {
              checkKeys(f, YAML.readTree(conf.asText()), known, problems);
            }
          }
          case "Job" -> checkSubmitter(f, doc, problems);
          default -> {}
        }
        checkClassNames(f, doc, problems);
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertEquals(
        new TreeSet<>(Topics.ALL.stream().map(TopicSpec::name).toList()), topicsSeen, "topics");
    assertTrue(
        kinds.containsAll(
            Set.of("FlinkDeployment", "KafkaTopic", "ConfigMap", "Deployment", "Job")),
        "kinds: " + kinds);
  }

  @Test
  void gpuPoolDeclaresTheGpuAndTheHeadGroupIsTheJobs() throws Exception {
    JsonNode conf = null;
    for (JsonNode d : documents(DEPLOY.resolve("flink/gpu-taskmanagers.yaml"))) {
      if (d.path("kind").asText().equals("ConfigMap")) {
        conf = YAML.readTree(d.path("data").path("config.yaml").asText());
      }
    }
    assertTrue(conf != null, "gpu task manager config");
    assertEquals("gpu", conf.path("external-resources").asText());
    assertEquals(1, conf.path("external-resource.gpu.amount").asInt());
    assertEquals(
        "org.apache.flink.externalresource.gpu.GPUDriverFactory",
        conf.path("external-resource.gpu.driver-factory.class").asText());
    String readme = Files.readString(DEPLOY.resolve("README.md"));
    assertTrue(readme.contains("\"" + EewJob.HEAD_GROUP + "\""), "README names the head group");
  }

  @Test
  void theSubmitterAsksForNoMoreHeadSubtasksThanTheGpuPoolHasSlots() throws Exception {
    int replicas = 0;
    int slots = 0;
    for (JsonNode d : documents(DEPLOY.resolve("flink/gpu-taskmanagers.yaml"))) {
      switch (d.path("kind").asText()) {
        case "Deployment" -> replicas = d.path("spec").path("replicas").asInt();
        case "ConfigMap" ->
            slots =
                YAML.readTree(d.path("data").path("config.yaml").asText())
                    .path("taskmanager.numberOfTaskSlots")
                    .asInt();
        default -> {}
      }
    }
    List<String> args = new ArrayList<>();
    for (JsonNode d : documents(DEPLOY.resolve("flink/submit-job.yaml"))) {
      d.path("spec")
          .path("template")
          .path("spec")
          .path("containers")
          .get(0)
          .path("args")
          .forEach(a -> args.add(a.asText()));
    }
    int i = args.indexOf("--head-parallelism");
    assertTrue(i >= 0 && i + 1 < args.size(), "the submitter names --head-parallelism: " + args);
    int head = Integer.parseInt(args.get(i + 1));
    assertTrue(
        head >= 1 && head <= replicas * slots,
        "head parallelism "
            + head
            + " but the GPU pool has "
            + replicas
            + " task manager(s) x "
            + slots
            + " slot(s)");
    assertTrue(head <= EewJob.HEAD_MAX_PARALLELISM);
  }

  private static void checkKeys(Path f, JsonNode conf, List<Pattern> known, List<String> problems) {
    assertTrue(conf.isObject(), f + ": flink configuration is a map");
    for (Iterator<String> it = conf.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (known.stream().noneMatch(p -> p.matcher(key).matches())) {
        problems.add(f + ": unknown Flink config key " + key);
      }
    }
  }

  private static void checkClassNames(Path f, JsonNode node, List<String> problems) {
    if (node.isTextual()) {
      var m = CLASS_NAME.matcher(node.asText());
      while (m.find()) {
        String name = m.group();
        if (DISTRIBUTION_CLASSES.containsKey(name)) {
          continue;
        }
        try {
          Class.forName(name, false, DeployManifestsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          problems.add(f + ": class not found: " + name);
        }
      }
    }
    node.forEach(child -> checkClassNames(f, child, problems));
  }

  /** The submitter runs {@code QuakeGraph job ...}: the subcommand and its options must exist. */
  private static void checkSubmitter(Path f, JsonNode job, List<String> problems) {
    JsonNode c = job.path("spec").path("template").path("spec").path("containers").get(0);
    List<String> args = new ArrayList<>();
    c.path("args").forEach(a -> args.add(a.asText()));
    assertFalse(args.isEmpty(), f + ": submitter args");
    CommandLine cl = QuakeGraph.commandLine();
    CommandLine sub = cl.getSubcommands().get(args.get(0));
    if (sub == null) {
      problems.add(f + ": no quakegraph subcommand " + args.get(0));
      return;
    }
    try {
      cl.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      problems.add(f + ": quakegraph " + args.get(0) + " rejects its arguments: " + e.getMessage());
    }
  }

  private static List<JsonNode> documents(Path f) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  /** Every declared key (with fallback keys), templates such as {@code <name>} as wildcards. */
  private static List<Pattern> knownKeys() throws Exception {
    Set<String> keys = new TreeSet<>(DISTRIBUTION_KEYS.keySet());
    for (String cls : OPTION_CLASSES) {
      for (Field field : Class.forName(cls).getFields()) {
        if (Modifier.isStatic(field.getModifiers())
            && ConfigOption.class.isAssignableFrom(field.getType())) {
          ConfigOption<?> o = (ConfigOption<?>) field.get(null);
          // MetricOptions declares a reporter's options relative to metrics.reporter.<name>.
          String prefix =
              cls.endsWith(".MetricOptions") && !o.key().startsWith("metrics.")
                  ? ConfigConstants.METRICS_REPORTER_PREFIX + "<name>."
                  : "";
          keys.add(prefix + o.key());
          for (FallbackKey k : o.fallbackKeys()) {
            keys.add(prefix + k.getKey());
          }
        }
      }
    }
    assertTrue(keys.contains("execution.checkpointing.interval"), "reflection found the options");
    List<Pattern> out = new ArrayList<>();
    for (String k : keys) {
      // a name is one key segment; a trailing <param>/<parameter> may have dots of its own
      var m = Pattern.compile("<([^>]+)>").matcher(k);
      StringBuilder re = new StringBuilder();
      int last = 0;
      while (m.find()) {
        re.append(Pattern.quote(k.substring(last, m.start())));
        re.append(
            m.group(1).startsWith("param") ? "[A-Za-z0-9_-][A-Za-z0-9_.-]*" : "[A-Za-z0-9_-]+");
        last = m.end();
      }
      re.append(Pattern.quote(k.substring(last)));
      out.add(Pattern.compile(re.toString()));
    }
    return out;
  }
}
