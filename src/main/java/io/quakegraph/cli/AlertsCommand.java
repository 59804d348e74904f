package io.quakegraph.cli;

import io.quakegraph.hazard.ShakingForecaster;
import io.quakegraph.hazard.ShakingText;
import io.quakegraph.hazard.Site;
import io.quakegraph.hazard.SiteShaking;
import io.quakegraph.ingest.Topics;
import io.quakegraph.ops.KafkaCheck;
import io.quakegraph.ops.KafkaWatch;
import io.quakegraph.ops.WritableCheck;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.QuakeMl;
import io.quakegraph.seismic.Times;
import io.quakegraph.stream.alerts.AlertBook;
import io.quakegraph.stream.alerts.AlertFollower;
import io.quakegraph.stream.alerts.AlertFormat;
import io.quakegraph.stream.alerts.VersionFilter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quakegraph alerts}: follows the alert topic (read_committed) and prints one line (or one
 * JSON object) per alert version; optionally writes the final alert of every event as QuakeML.
 */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = {
      "Follow "
          + Topics.ALERTS
          + " (read_committed: only alerts of committed job transactions)"
          + " and print one line per alert version: data time, event, version, epicentre,"
          + " depth ± σ, M ± σ, epicentre 1σ, stations used/triggered, latency, FINAL.",
      "Ctrl-C stops (and still writes --quakeml)."
    },
    sortOptions = false)
public final class AlertsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka.")
  String bootstrap;

  @Option(
      names = "--topic",
      defaultValue = Topics.ALERTS,
      description = "Alert topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--json", description = "One JSON object per line instead of a table.")
  boolean json;

  @Option(
      names = "--until-idle",
      paramLabel = "DURATION",
      converter = DurationParser.class,
      description = "Stop after this long without an alert, e.g. 30s (default: follow for ever).")
  Duration untilIdle;

  @Option(
      names = "--from-beginning",
      description = "Print the topic's whole history first (default: only new alerts).")
  boolean fromBeginning;

  @Option(
      names = "--quakeml",
      paramLabel = "OUT.xml",
      description = "On exit, write the final alert of every event as QuakeML 1.2.")
  Path quakeml;

  @Option(
      names = "--site",
      paramLabel = "LAT,LON",
      description =
          "Also print, per alert, the expected PGA, PGV (BSSA14 median) and MMI (Worden et al."
              + " 2012) at this site and when the S wave reaches it (1-D model).")
  String site;

  @Option(
      names = "--vs30",
      defaultValue = "760",
      paramLabel = "M/S",
      description = "Vs30 of --site, m/s (default: ${DEFAULT-VALUE}, BSSA14's reference rock).")
  double vs30;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Site at = site == null ? null : Site.parse(site).withVs30(vs30);
    ShakingForecaster forecaster = at == null ? null : ShakingForecaster.hadleyKanamori();
    PrintWriter err = spec.commandLine().getErr();
    KafkaCheck.reachable(bootstrap);
    if (quakeml != null) {
      WritableCheck.parentOf(quakeml, "--quakeml");
    }
    AlertBook book = new AlertBook();
    AlertFollower.Result result;
    CountDownLatch done = new CountDownLatch(1);
    try (KafkaWatch watch = KafkaWatch.start(bootstrap);
        AlertFollower follower =
            new AlertFollower(
                new AlertFollower.Options(bootstrap, topic, fromBeginning, untilIdle))) {
      // Ctrl-C: end the follow so the QuakeML export below still happens
      Thread hook =
          new Thread(
              () -> {
                follower.stop();
                try {
                  done.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "alerts-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      if (!json) {
        out.println(AlertFormat.header());
      }
      out.flush();
      try {
        result =
            follower.follow(
                new AlertFollower.Listener() {
                  @Override
                  public void alert(EarthquakeAlert a, ConsumerRecord<byte[], byte[]> r) {
                    String problem = book.add(a);
                    if (at == null) {
                      out.println(json ? AlertFormat.json(a) : AlertFormat.line(a));
                    } else {
                      long data = Times.micros(a.getDataTime());
                      SiteShaking s =
                          forecaster.at(
                              at,
                              a.getLatitude(),
                              a.getLongitude(),
                              a.getDepthKm(),
                              a.getMagnitude(),
                              Times.micros(a.getOriginTime()));
                      out.println(
                          json
                              ? withSite(AlertFormat.json(a), ShakingText.json(at, s, data))
                              : AlertFormat.line(a) + "\n    " + ShakingText.line(at, s, data));
                    }
                    out.flush();
                    if (problem != null) {
                      err.println("quakegraph alerts: warning: " + problem);
                      err.flush();
                    }
                  }

                  @Override
                  public void repeated(
                      EarthquakeAlert a,
                      ConsumerRecord<byte[], byte[]> r,
                      VersionFilter.Verdict verdict) {
                    // A repeat after a job restart is expected and dropped; one that differs means
                    // the job was not deterministic, which its operators need to hear about.
                    if (verdict == VersionFilter.Verdict.CHANGED_REPEAT) {
                      err.printf(
                          "quakegraph alerts: warning: event %s version %d sent again with another"
                              + " estimate (dropped; the first stands)%n",
                          a.getEventId(), a.getVersion());
                      err.flush();
                    }
                  }

                  @Override
                  public void undecodable(ConsumerRecord<byte[], byte[]> r, String reason) {
                    err.printf(
                        "quakegraph alerts: skipped %s-%d@%d: %s%n",
                        r.topic(), r.partition(), r.offset(), reason);
                    err.flush();
                  }
                });
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it waits for `done`
        }
      }
    }
    try {
      if (quakeml != null) {
        List<EarthquakeAlert> finals = book.finals();
        List<Earthquake> events = finals.stream().map(AlertBook::toEarthquake).toList();
        String method =
            finals.isEmpty()
                ? "smi:quakegraph/eew"
                : "smi:quakegraph/eew/" + finals.get(0).getModelVersion();
        QuakeMl.write(events, quakeml, method);
        int open = book.events().size() - finals.size();
        err.printf(
            "quakegraph alerts: wrote %d final alerts to %s%s%n",
            finals.size(),
            quakeml,
            open > 0 ? " (" + open + " events without a final version left out)" : "");
      }
      err.printf(
          "quakegraph alerts: %d alerts of %d events%s%s%n",
          result.alerts(),
          book.events().size(),
          result.undecodable() > 0 ? ", " + result.undecodable() + " undecodable records" : "",
          result.idleStop() ? "; idle for " + untilIdle.toSeconds() + " s" : "");
      err.flush();
    } finally {
      done.countDown();
    }
    return 0;
  }

  /** An alert's JSON line with the site figures added as {@code "site"}. */
  static String withSite(String alertJson, com.fasterxml.jackson.databind.node.ObjectNode site) {
    try {
      var o =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              new com.fasterxml.jackson.databind.ObjectMapper().readTree(alertJson);
      o.set("site", site);
      return o.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
