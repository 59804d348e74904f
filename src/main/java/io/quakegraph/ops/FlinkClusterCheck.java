package io.quakegraph.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * A Flink cluster's REST endpoint (the job manager's, {@code rest.port}) answers within a few
 * seconds, is Flink, and runs the Flink version the job is built against. The Flink client itself
 * retries an absent cluster for minutes before it fails with a stack of futures; an operator is
 * better served by one line.
 */
public final class FlinkClusterCheck {
  /** How long the cluster has to answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** What {@code GET /overview} says about the cluster. */
  public record Overview(String flinkVersion, int taskManagers, int slotsTotal, int slotsFree) {}

  private FlinkClusterCheck() {}

  /**
   * The host and port of a {@code HOST:PORT} address.
   *
   * @throws PreflightException when it is not one
   */
  public static HostPort parse(String hostPort) {
    int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port <= 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new HostPort(hostPort.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new PreflightException(
          "bad Flink address '" + hostPort + "'",
          "give --cluster as HOST:PORT, the job manager's REST address (rest.port, 8081 by default)");
    }
  }

  /** A parsed {@code HOST:PORT}. */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /**
   * Asks the cluster for its overview.
   *
   * @return what it said
   * @throws PreflightException when nothing answers, something else answers, or its Flink version
   *     is not the job's
   */
  public static Overview reachable(String hostPort) {
    HostPort a = parse(hostPort);
    String remedy =
        "start the cluster (job manager: StandaloneSessionClusterEntrypoint, or Flink's"
            + " bin/start-cluster.sh) or give --cluster the job manager's REST address";
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://" + a + "/overview"))
            .timeout(TIMEOUT)
            .GET()
            .build();
    HttpResponse<String> res;
    try {
      res = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new PreflightException(
          "Flink cluster at " + a + " did not answer within " + TIMEOUT.toSeconds() + " s", remedy);
    } catch (ConnectException e) {
      throw new PreflightException(
          "Flink cluster at " + a + " is not reachable (connection refused)", remedy);
    } catch (IOException e) {
      throw new PreflightException(
          "Flink cluster at " + a + " is not reachable (" + KafkaCheck.rootMessage(e) + ")",
          remedy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PreflightException("Flink cluster at " + a + ": check interrupted", remedy);
    }
    JsonNode o;
    try {
      o = res.statusCode() == 200 ? new ObjectMapper().readTree(res.body()) : null;
    } catch (IOException e) {
      o = null;
    }
    if (o == null || !o.path("flink-version").isTextual()) {
      throw new PreflightException(
          a
              + " answers, but not as a Flink REST endpoint (GET /overview: HTTP "
              + res.statusCode()
              + ")",
          "give --cluster the job manager's REST address (rest.port, 8081 by default), not its"
              + " RPC port or another service");
    }
    Overview ov =
        new Overview(
            o.path("flink-version").asText(),
            o.path("taskmanagers").asInt(),
            o.path("slots-total").asInt(),
            o.path("slots-available").asInt());
    String ours = EnvironmentInformation.getVersion();
    if (ours.matches("\\d+\\.\\d+.*") && !majorMinor(ov.flinkVersion()).equals(majorMinor(ours))) {
      throw new PreflightException(
          "Flink cluster at "
              + a
              + " runs Flink "
              + ov.flinkVersion()
              + ", the job is built for "
              + ours,
          "run a Flink " + majorMinor(ours) + ".x cluster (the image of deploy/flink/Dockerfile)");
    }
    return ov;
  }

  /** {@code 2.2} of {@code 2.2.1} or {@code 2.2-SNAPSHOT}; the whole string when it is neither. */
  static String majorMinor(String version) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+\\.\\d+)").matcher(version);
    return m.find() ? m.group(1) : version;
  }
}
