package io.quakegraph.stream.alerts;

import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Origin;
import io.quakegraph.seismic.Times;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every alert version seen, per event, in arrival order, with the checks a consumer of versioned
 * alerts relies on: versions of an event start at 1 and go up by one, nothing follows a final
 * version, and no version arrives twice. A violation is recorded (not thrown): the follower keeps
 * printing, and a test or the demo reports it.
 */
public final class AlertBook {
  private final Map<String, List<EarthquakeAlert>> byEvent = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  /** Records one alert; returns the problem it shows, or null when it is in order. */
  public String add(EarthquakeAlert a) {
    String id = a.getEventId().toString();
    List<EarthquakeAlert> versions = byEvent.computeIfAbsent(id, k -> new ArrayList<>());
    String problem = null;
    if (!versions.isEmpty()) {
      EarthquakeAlert last = versions.get(versions.size() - 1);
      if (last.getFinalEstimate()) {
        problem =
            "event %s: version %d after final version %d"
                .formatted(id, a.getVersion(), last.getVersion());
      } else if (a.getVersion() <= last.getVersion()) {
        problem =
            "event %s: duplicate or out-of-order version %d after %d"
                .formatted(id, a.getVersion(), last.getVersion());
      } else if (a.getVersion() != last.getVersion() + 1) {
        problem =
            "event %s: versions %d..%d missing"
                .formatted(id, last.getVersion() + 1, a.getVersion() - 1);
      }
    } else if (a.getVersion() != 1) {
      problem = "event %s: first version seen is %d, not 1".formatted(id, a.getVersion());
    }
    if (problem != null) {
      problems.add(problem);
    }
    versions.add(a);
    return problem;
  }

  /** Event ids in order of their first alert. */
  public List<String> events() {
    return List.copyOf(byEvent.keySet());
  }

  /** The versions of one event in arrival order (empty if unknown). */
  public List<EarthquakeAlert> versions(String eventId) {
    return Collections.unmodifiableList(byEvent.getOrDefault(eventId, List.of()));
  }

  /** The last version of every event, final or not. */
  public List<EarthquakeAlert> latest() {
    return byEvent.values().stream().map(v -> v.get(v.size() - 1)).toList();
  }

  /**
   * The final version of every event that has one (the first final seen, should a faulty producer
   * have sent more after it).
   */
  public List<EarthquakeAlert> finals() {
    return byEvent.values().stream()
        .flatMap(v -> v.stream().filter(EarthquakeAlert::getFinalEstimate).limit(1))
        .toList();
  }

  /** Ordering problems seen so far (empty when every event's versions were 1, 2, 3, ...). */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Total alerts recorded. */
  public int size() {
    return byEvent.values().stream().mapToInt(List::size).sum();
  }

  /**
   * An alert as a catalogue entry (no picks: the job does not publish them); magnitude type "M",
   * the scale of the training catalogue.
   */
  public static Earthquake toEarthquake(EarthquakeAlert a) {
    return new Earthquake(
        a.getEventId().toString(),
        new Origin(
            Times.micros(a.getOriginTime()), a.getLatitude(), a.getLongitude(), a.getDepthKm()),
        a.getMagnitude(),
        "M",
        List.of());
  }
}
