package io.quakegraph.synth;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything that defines a synthetic scenario; the same request and software give byte-identical
 * output.
 *
 * @param stationsFile any station file {@code StationList} reads (the SCEDC epochs file by default)
 * @param network network whose active broadband stations record (e.g. {@code CI}); null for any
 * @param startMicros scenario start, epoch µs
 * @param durationMicros scenario length, µs
 * @param events number of earthquakes
 * @param seed the one seed every random choice derives from
 * @param layout archive layout name, {@code scedc} or {@code flat}
 * @param options how events are drawn
 * @param imperfections how many flaws the archive gets
 * @param maxStations cap on the number of stations (nearest to the network centre); 0 for all
 * @param commandLine the command that asked for it, recorded in {@code scenario.json}
 * @param software software name and version, recorded in {@code scenario.json}
 */
public record ScenarioRequest(
    Path stationsFile,
    String network,
    long startMicros,
    long durationMicros,
    int events,
    long seed,
    String layout,
    ScenarioOptions options,
    ImperfectionLevel imperfections,
    int maxStations,
    List<String> commandLine,
    String software) {

  public ScenarioRequest {
    if (durationMicros <= 0) {
      throw new IllegalArgumentException("scenario duration must be positive");
    }
    if (events < 0) {
      throw new IllegalArgumentException("number of events must be >= 0: " + events);
    }
    if (maxStations < 0) {
      throw new IllegalArgumentException("max stations must be >= 0: " + maxStations);
    }
    commandLine = List.copyOf(commandLine);
  }

  /** Scenario end (exclusive), epoch µs. */
  public long endMicros() {
    return startMicros + durationMicros;
  }
}
