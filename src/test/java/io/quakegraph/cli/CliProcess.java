package io.quakegraph.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code quakegraph} command as an operator runs it: a separate JVM started from the CLI's main
 * class with this test's class path, logging as the shipped {@code simplelogger.properties} says
 * (libraries at WARN, QuakeGraph at INFO; the test class path holds the tests' own, chattier file).
 * Its stdout and stderr lines are collected as they come.
 */
public final class CliProcess implements AutoCloseable {
  /** One line and where it came from. */
  public record Line(boolean err, String text, long nanos) {}

  private final Process process;
  private final long startNanos;
  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Line> queue = new LinkedBlockingQueue<>();

  private CliProcess(Process process, long startNanos) {
    this.process = process;
    this.startNanos = startNanos;
  }

  /** Starts {@code quakegraph args...} with extra environment variables. */
  public static CliProcess start(Map<String, String> env, String... args) throws IOException {
    return start(env, Map.of(), args);
  }

  /** Starts {@code quakegraph args...} with extra environment variables and system properties. */
  public static CliProcess start(Map<String, String> env, Map<String, String> props, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.log.io.quakegraph=info");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=error");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.controller=error");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.flink.metrics.MetricGroup=error");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.flink.runtime.metrics.groups=error");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.flink.runtime.security.token=error");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.flink.runtime.webmonitor=error");
    cmd.add("-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error");
    cmd.add("-Dorg.slf4j.simpleLogger.showThreadName=false");
    cmd.add("-Dorg.slf4j.simpleLogger.showLogName=false");
    cmd.add("-Dorg.slf4j.simpleLogger.showShortLogName=true");
    for (String p : List.of("quakegraph.home", "quakegraph.shared")) {
      if (System.getProperty(p) != null && !props.containsKey(p)) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(QuakeGraph.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("QG_VERBOSE");
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    CliProcess p = new CliProcess(pb.start(), t0);
    p.pump(p.process.getInputStream(), false);
    p.pump(p.process.getErrorStream(), true);
    return p;
  }

  /** Starts {@code quakegraph args...}. */
  public static CliProcess start(String... args) throws IOException {
    return start(Map.of(), args);
  }

  private void pump(InputStream in, boolean err) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String s; (s = r.readLine()) != null; ) {
                  Line l = new Line(err, s, System.nanoTime());
                  lines.add(l);
                  queue.add(l);
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "cli-" + (err ? "err" : "out"));
    t.setDaemon(true);
    t.start();
  }

  /** Waits for the process to end; its exit status. */
  public int await(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("quakegraph did not end within " + timeout + "; output:\n" + all());
    }
    // the pump threads may still be draining the last lines
    Thread.sleep(100);
    return process.exitValue();
  }

  /** Waits for a line that matches; fails with the output so far when none comes in time. */
  public Line awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    for (Line l : lines) {
      if (match.test(l.text())) {
        return l;
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Line l = queue.poll(100, TimeUnit.MILLISECONDS);
      if (l != null && match.test(l.text())) {
        return l;
      }
      if (l == null && !process.isAlive() && queue.isEmpty()) {
        break;
      }
    }
    throw new AssertionError(
        "no matching line from quakegraph within "
            + timeout
            + " (alive "
            + process.isAlive()
            + "); output:\n"
            + all());
  }

  /** Seconds from the start of the process to {@code nanos}. */
  public double secondsTo(long nanos) {
    return (nanos - startNanos) / 1e9;
  }

  /** Seconds since the process was started. */
  public double elapsed() {
    return secondsTo(System.nanoTime());
  }

  public long startNanos() {
    return startNanos;
  }

  /** The lines of stdout. */
  public List<String> out() {
    return lines.stream().filter(l -> !l.err()).map(Line::text).toList();
  }

  /** The lines of stderr. */
  public List<String> err() {
    return lines.stream().filter(Line::err).map(Line::text).toList();
  }

  /** Everything printed, stderr lines marked. */
  public String all() {
    StringBuilder sb = new StringBuilder();
    lines.forEach(
        l ->
            sb.append(String.format(java.util.Locale.ROOT, "%6.1f s ", secondsTo(l.nanos())))
                .append(l.err() ? "[err] " : "[out] ")
                .append(l.text())
                .append('\n'));
    return sb.toString();
  }

  /** kill -9: no shutdown hook runs, as when the machine or the JVM dies. */
  public void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * CPU seconds the process has used so far (NaN where the OS does not say): beside a wall-clock
   * figure, it tells a slow machine from more work.
   */
  public double cpuSeconds() {
    return process
        .toHandle()
        .info()
        .totalCpuDuration()
        .map(d -> d.toNanos() / 1e9)
        .orElse(Double.NaN);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM (Ctrl-C), then kill -9 if it does not end. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.toHandle().destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
