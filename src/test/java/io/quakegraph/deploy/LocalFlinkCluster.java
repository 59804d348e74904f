package io.quakegraph.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink session cluster of separate JVMs on this machine, as a distribution's {@code
 * bin/start-cluster.sh} would start it: one job manager ({@link
 * StandaloneSessionClusterEntrypoint}) and task managers ({@link TaskManagerRunner}), each a child
 * process with its own log file.
 *
 * <p>Their class path is what a Flink distribution's {@code lib/} holds, built from Maven jars
 * (flink-dist itself is not on Maven Central): Flink's own modules and the third-party jars they
 * depend on ({@link #FLINK_DIST}), an SLF4J binding, and the extra {@code lib/} jars the job needs
 * (DJL: {@code target/flink-lib}). Nothing of QuakeGraph's: the job comes from the job artifact,
 * submitted over REST, in a classloader of its own.
 *
 * <p>Every process is ended by {@link #close()}, and by a shutdown hook should the test JVM end
 * first.
 */
final class LocalFlinkCluster implements AutoCloseable {
  /**
   * {@code groupId:artifactId} of the jars a Flink 2.2 distribution provides in {@code lib/}: the
   * modules flink-dist bundles (core, runtime, streaming, clients, RPC, state backends) with their
   * third-party dependencies (as Flink's own POMs declare them), and the SLF4J API. The job
   * artifact leaves exactly these out (pom.xml, execution {@code job-artifact});
   * flink-connector-base, flink-connector-kafka and flink-avro are not here, the job artifact
   * carries them.
   */
  static final Set<String> FLINK_DIST =
      Set.of(
          "org.apache.flink:flink-annotations",
          "org.apache.flink:flink-clients",
          "org.apache.flink:flink-connector-datagen",
          "org.apache.flink:flink-core",
          "org.apache.flink:flink-core-api",
          "org.apache.flink:flink-datastream",
          "org.apache.flink:flink-datastream-api",
          "org.apache.flink:flink-file-sink-common",
          "org.apache.flink:flink-hadoop-fs",
          "org.apache.flink:flink-metrics-core",
          "org.apache.flink:flink-queryable-state-client-java",
          "org.apache.flink:flink-rpc-akka-loader",
          "org.apache.flink:flink-rpc-core",
          "org.apache.flink:flink-runtime",
          "org.apache.flink:flink-shaded-asm-9",
          "org.apache.flink:flink-shaded-guava",
          "org.apache.flink:flink-shaded-jackson",
          "org.apache.flink:flink-shaded-netty",
          "org.apache.flink:flink-shaded-zookeeper-3",
          "org.apache.flink:flink-statebackend-rocksdb",
          "org.apache.flink:flink-streaming-java",
          "com.esotericsoftware:kryo",
          "com.esotericsoftware:minlog",
          "com.esotericsoftware:reflectasm",
          "org.objenesis:objenesis",
          "org.snakeyaml:snakeyaml-engine",
          "com.google.code.findbugs:jsr305",
          "commons-cli:commons-cli",
          "commons-io:commons-io",
          "commons-collections:commons-collections",
          "org.apache.commons:commons-lang3",
          "org.apache.commons:commons-text",
          "org.apache.commons:commons-compress",
          "org.apache.commons:commons-math3",
          "org.javassist:javassist",
          "tools.profiler:async-profiler",
          "com.ververica:frocksdbjni",
          "org.xerial.snappy:snappy-java",
          "at.yawk.lz4:lz4-java",
          "org.slf4j:slf4j-api",
          // the distribution logs through Log4j 2; any binding does for the test
          "org.slf4j:slf4j-simple");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<String> classPath;
  private final Path configDir;
  private final int restPort;
  private final List<String> tmJvm;
  private final List<String> tmDynamic;
  private final Map<String, Process> taskManagers = new LinkedHashMap<>();
  private final List<Process> all = new ArrayList<>();
  private final Thread hook;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalFlinkCluster(
      Path dir,
      List<String> classPath,
      Path configDir,
      int restPort,
      List<String> tmJvm,
      List<String> tmDynamic) {
    this.tmJvm = tmJvm;
    this.tmDynamic = tmDynamic;
    this.dir = dir;
    this.classPath = classPath;
    this.configDir = configDir;
    this.restPort = restPort;
    this.hook = new Thread(this::destroyAll, "flink-cluster-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts a job manager and {@code taskManagers} task managers ({@code slots} slots each) and
   * waits until every task manager has registered.
   *
   * @param dir working folder: configuration, logs, blobs, checkpoints
   * @param lib the extra {@code lib/} jars (a folder of jars)
   * @param extra more configuration (key to value)
   */
  static LocalFlinkCluster start(
      Path dir, Path lib, int taskManagers, int slots, Map<String, String> extra, Duration timeout)
      throws Exception {
    List<String> cp = distributionClassPath();
    try (Stream<Path> jars = Files.list(lib)) {
      jars.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .forEach(p -> cp.add(p.toAbsolutePath().toString()));
    }
    int rest = freePort();
    int rpc = freePort();
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Map<String, String> c = new LinkedHashMap<>();
    put(c, JobManagerOptions.ADDRESS, "127.0.0.1");
    put(c, JobManagerOptions.PORT, Integer.toString(rpc));
    put(c, JobManagerOptions.BIND_HOST, "127.0.0.1");
    put(c, RestOptions.ADDRESS, "127.0.0.1");
    put(c, RestOptions.BIND_ADDRESS, "127.0.0.1");
    put(c, RestOptions.PORT, Integer.toString(rest));
    put(c, TaskManagerOptions.BIND_HOST, "127.0.0.1");
    put(c, TaskManagerOptions.HOST, "127.0.0.1");
    put(c, TaskManagerOptions.NUM_TASK_SLOTS, Integer.toString(slots));
    put(c, TaskManagerOptions.TOTAL_PROCESS_MEMORY, "1200m");
    put(c, TaskManagerOptions.MANAGED_MEMORY_SIZE, "64m");
    put(c, JobManagerOptions.TOTAL_PROCESS_MEMORY, "768m");
    put(c, CoreOptions.TMP_DIRS, Files.createDirectories(dir.resolve("tmp")).toString());
    put(c, CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    put(
        c,
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        dir.resolve("checkpoints").toAbsolutePath().toUri().toString());
    // a lost task manager is noticed within seconds (the default timeout is 50 s)
    put(c, HeartbeatManagerOptions.HEARTBEAT_INTERVAL, "1000");
    put(c, HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, "5000");
    put(c, RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    put(c, RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, "20");
    put(c, RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, "2 s");
    put(c, CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL, "ai.djl.");
    c.putAll(extra);
    StringBuilder yaml = new StringBuilder();
    c.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
    Files.writeString(conf.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);

    // what Flink's bin/taskmanager.sh derives from the memory settings (BashJavaUtils): the JVM's
    // heap, direct and metaspace limits, and every memory component as a dynamic property
    TaskExecutorProcessSpec spec =
        TaskExecutorProcessUtils.processSpecFromConfig(Configuration.fromMap(c));
    List<String> tmJvm = List.of(ProcessMemoryUtils.generateJvmParametersStr(spec).split(" "));
    List<String> tmDynamic =
        List.of(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).strip().split(" "));
    LocalFlinkCluster cluster = new LocalFlinkCluster(dir, cp, conf, rest, tmJvm, tmDynamic);
    try {
      cluster.launch(
          "jobmanager",
          StandaloneSessionClusterEntrypoint.class.getName(),
          List.of("-Xmx512m"),
          List.of());
      for (int i = 0; i < taskManagers; i++) {
        cluster.startTaskManager("tm-" + i);
      }
      cluster.awaitTaskManagers(taskManagers, timeout);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Starts one more task manager with this resource id. */
  void startTaskManager(String id) throws IOException {
    List<String> dynamic = new ArrayList<>(tmDynamic);
    dynamic.add("-D");
    dynamic.add(TaskManagerOptions.TASK_MANAGER_RESOURCE_ID.key() + "=" + id);
    taskManagers.put(id, launch(id, TaskManagerRunner.class.getName(), tmJvm, dynamic));
  }

  private Process launch(String name, String main, List<String> jvm, List<String> dynamic)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-Dlog.file=" + dir.resolve(name + ".log"));
    // Java 17: what Flink's scripts pass (env.java.opts.all defaults) for its reflection
    for (String pkg :
        List.of(
            "java.base/java.lang",
            "java.base/java.lang.reflect",
            "java.base/java.net",
            "java.base/java.io",
            "java.base/java.nio",
            "java.base/sun.nio.ch",
            "java.base/java.text",
            "java.base/java.time",
            "java.base/java.util",
            "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic",
            "java.base/java.util.concurrent.locks")) {
      cmd.add("--add-opens=" + pkg + "=ALL-UNNAMED");
    }
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classPath));
    cmd.add(main);
    cmd.add("--configDir");
    cmd.add(configDir.toString());
    cmd.addAll(dynamic);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
    Process p = pb.start();
    all.add(p);
    return p;
  }

  /** The job manager's REST address, {@code 127.0.0.1:PORT}. */
  String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  /** The task managers started, by resource id. */
  Map<String, Process> taskManagers() {
    return taskManagers;
  }

  /** kill -9 of one task manager's process: its tasks and connections die with it. */
  void kill(String taskManager) throws InterruptedException {
    Process p = taskManagers.get(taskManager);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  /** GET a REST path ({@code /overview}, {@code /jobs/ID}, ...) as JSON. */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + restAddress() + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Waits until {@code n} task managers have registered with the job manager. */
  void awaitTaskManagers(int n, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (Process p : all) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster process ended early:\n" + logs());
        }
      }
      try {
        JsonNode o = get("/overview");
        last = o.toString();
        if (o.path("taskmanagers").asInt() >= n) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the cluster did not have "
            + n
            + " task managers within "
            + timeout
            + " ("
            + last
            + ")\n"
            + logs());
  }

  /** Waits until the job runs and every one of its tasks does (operators opened). */
  void awaitAllTasksRunning(JobID job, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      JsonNode j = get("/jobs/" + job);
      last = j.path("state").asText();
      if ("FAILED".equals(last) || "CANCELED".equals(last)) {
        throw new IllegalStateException(
            "job "
                + job
                + " "
                + last
                + ": "
                + get("/jobs/" + job + "/exceptions").path("root-exception").asText());
      }
      boolean all = "RUNNING".equals(last) && j.path("vertices").size() > 0;
      for (JsonNode v : j.path("vertices")) {
        all &= "RUNNING".equals(v.path("status").asText());
      }
      if (all) {
        return;
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(
        "job " + job + " not running within " + timeout + " (state " + last + ")\n" + logs());
  }

  /** The resource ids of the task managers that run a subtask of the vertex named {@code name}. */
  Set<String> taskManagersOf(JobID job, String name) throws Exception {
    Set<String> out = new TreeSet<>();
    for (JsonNode v : get("/jobs/" + job).path("vertices")) {
      if (v.path("name").asText().contains(name)) {
        JsonNode tms = get("/jobs/" + job + "/vertices/" + v.path("id").asText() + "/taskmanagers");
        for (JsonNode tm : tms.path("taskmanagers")) {
          out.add(tm.path("taskmanager-id").asText());
        }
      }
    }
    return out;
  }

  /** The last lines of every process's log, for a failure message. */
  String logs() {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        sb.append("==== ").append(f.getFileName()).append(" (last 40 lines)\n");
        lines
            .subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> sb.append(l).append('\n'));
      }
    } catch (IOException e) {
      sb.append("(logs unreadable: ").append(e).append(")\n");
    }
    return sb.toString();
  }

  /** The jars of the test class path that a Flink distribution provides ({@link #FLINK_DIST}). */
  static List<String> distributionClassPath() {
    List<String> out = new ArrayList<>();
    Set<String> found = new TreeSet<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path jar = Path.of(e);
      String coordinates = coordinates(jar);
      if (coordinates != null && FLINK_DIST.contains(coordinates)) {
        out.add(jar.toAbsolutePath().toString());
        found.add(coordinates);
      }
    }
    Set<String> missing = new TreeSet<>(FLINK_DIST);
    missing.removeAll(found);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("not on the test class path: " + missing);
    }
    return out;
  }

  /**
   * {@code groupId:artifactId} of a jar in a Maven repository ({@code
   * group/path/artifactId/version/artifactId-version.jar}, no classifier), else null.
   */
  static String coordinates(Path jar) {
    Path version = jar.getParent();
    Path artifact = version == null ? null : version.getParent();
    if (artifact == null || !jar.toString().endsWith(".jar")) {
      return null;
    }
    String a = artifact.getFileName().toString();
    String v = version.getFileName().toString();
    if (!jar.getFileName().toString().equals(a + "-" + v + ".jar")) {
      return null;
    }
    List<String> group = new ArrayList<>();
    for (Path p = artifact.getParent(); p != null && p.getFileName() != null; p = p.getParent()) {
      String name = p.getFileName().toString();
      if (name.equals("repository")) {
        java.util.Collections.reverse(group);
        return String.join(".", group) + ":" + a;
      }
      group.add(name);
    }
    return null;
  }

  private static void put(Map<String, String> c, ConfigOption<?> option, String value) {
    c.put(option.key(), value);
  }

  private static String quote(String v) {
    return "'" + v.replace("'", "''") + "'";
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private void destroyAll() {
    for (Process p : all) {
      p.destroy();
    }
    for (Process p : all) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
