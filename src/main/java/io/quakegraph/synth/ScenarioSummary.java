package io.quakegraph.synth;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ScenarioWriter} wrote.
 *
 * @param outDir the scenario folder
 * @param stations ids of the recording stations
 * @param channels number of channels recorded
 * @param waveformFiles miniSEED files written
 * @param waveformBytes their total size
 * @param stationXmlFiles StationXML files written
 * @param events the true earthquakes, in origin-time order
 * @param picks true P and S picks written to the catalogue
 * @param imperfections the flaws put into the archive
 * @param elapsedSeconds wall-clock time taken (not written to any file)
 */
public record ScenarioSummary(
    Path outDir,
    List<String> stations,
    int channels,
    int waveformFiles,
    long waveformBytes,
    int stationXmlFiles,
    List<SyntheticEvent> events,
    int picks,
    ImperfectionPlan imperfections,
    double elapsedSeconds) {

  public ScenarioSummary {
    stations = List.copyOf(stations);
    events = List.copyOf(events);
  }
}
