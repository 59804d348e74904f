package io.quakegraph.ops;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * The job artifact a Flink cluster runs ({@code target/quakegraph-job.jar}, built by {@code mvn
 * package}): found, a jar, holding the job, and not the CLI's all-in-one jar (which carries Flink's
 * own runtime, a second copy of the cluster's classes in one JVM).
 */
public final class JobArtifactCheck {
  /** The artifact's file name, as the build writes it. */
  public static final String FILE_NAME = "quakegraph-job.jar";

  /** A class of the job that the artifact must hold. */
  static final String JOB_CLASS = "io/quakegraph/stream/EewJob.class";

  /** A class of Flink's runtime that the artifact must not hold. */
  static final String FLINK_RUNTIME_CLASS = "org/apache/flink/runtime/jobgraph/JobGraph.class";

  private JobArtifactCheck() {}

  /**
   * The job artifact: {@code given} when set, else the first that exists of {@code
   * quakegraph-job.jar} beside the jar this class was loaded from and {@code target/} of {@code
   * home}.
   *
   * @param given the path the operator gave, or null
   * @param home the checkout (the launcher's folder)
   * @throws PreflightException when there is none, or it is not the job artifact
   */
  public static Path locate(Path given, Path home) {
    if (given != null) {
      return check(given, "--job-jar");
    }
    Set<Path> tried = new LinkedHashSet<>();
    ownJar().ifPresent(j -> tried.add(j.resolveSibling(FILE_NAME).toAbsolutePath().normalize()));
    tried.add(home.resolve("target").resolve(FILE_NAME).toAbsolutePath().normalize());
    for (Path p : tried) {
      if (Files.isRegularFile(p)) {
        return check(p, "--job-jar");
      }
    }
    List<String> names = new ArrayList<>();
    tried.forEach(p -> names.add(p.toString()));
    throw new PreflightException(
        "the job artifact has not been built: no " + String.join(", no ", names),
        "build it with `mvn -B package -DskipTests` (it writes target/"
            + FILE_NAME
            + ") or give --job-jar PATH");
  }

  /**
   * The file is a readable jar that holds the job and not Flink's runtime.
   *
   * @return the file
   */
  public static Path check(Path jar, String option) {
    InputFileCheck.readable(jar, option, "job artifact");
    try (JarFile j = new JarFile(jar.toFile())) {
      if (j.getEntry(JOB_CLASS) == null) {
        throw new PreflightException(
            "job artifact "
                + jar.toAbsolutePath()
                + " does not hold the job (no "
                + JOB_CLASS
                + ")",
            "give " + option + " the target/" + FILE_NAME + " that `mvn -B package` builds");
      }
      if (j.getEntry(FLINK_RUNTIME_CLASS) != null) {
        throw new PreflightException(
            "job artifact "
                + jar.toAbsolutePath()
                + " carries Flink's runtime (it is the CLI's all-in-one jar?); the cluster would hold"
                + " two copies of Flink's classes",
            "give " + option + " the target/" + FILE_NAME + " that `mvn -B package` builds");
      }
    } catch (IOException e) {
      throw new PreflightException(
          "job artifact " + jar.toAbsolutePath() + " is not a jar (" + e.getMessage() + ")",
          "build it again with `mvn -B package -DskipTests`");
    }
    return jar;
  }

  /** The jar this class was loaded from, when it was loaded from a jar. */
  static java.util.Optional<Path> ownJar() {
    try {
      Path p =
          Path.of(
              JobArtifactCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar")
          ? java.util.Optional.of(p)
          : java.util.Optional.empty();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return java.util.Optional.empty();
    }
  }
}
