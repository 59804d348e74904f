package io.quakegraph.ops;

import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.NetworkRegions;
import io.quakegraph.seismic.Station;
import io.quakegraph.stream.EewJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The regions file parses and puts every station of the inventory in a region. A station left out
 * would run as a region of its own (too few stations to open an event), so its triggers would never
 * count: the operator hears about it here instead.
 */
public final class RegionsCheck {
  /** Stations named in the message before "and N more". */
  static final int NAMED = 5;

  private RegionsCheck() {}

  /** The parsed regions; a failure names the file, the line and what is wrong. */
  public static NetworkRegions file(Path file, Inventory inv, String option) {
    InputFileCheck.readable(file, option, "regions");
    NetworkRegions regions;
    try {
      regions = NetworkRegions.read(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new PreflightException(
          "bad regions file " + e.getMessage(),
          "write one region per line, 'REGION: NET.STA NET.* ...', each station in one region");
    }
    List<String> left = regions.unassigned(inv.stations().stream().map(Station::id).toList());
    if (!left.isEmpty()) {
      String named = String.join(", ", left.subList(0, Math.min(NAMED, left.size())));
      throw new PreflightException(
          left.size()
              + " station(s) of the inventory in no region of "
              + file
              + ": "
              + named
              + (left.size() > NAMED ? " and " + (left.size() - NAMED) + " more" : ""),
          "add them, or their NET.*, to a region of " + option + " " + file);
    }
    return regions;
  }

  /**
   * One line for the operator: each region, its station count and the head subtask Flink's key
   * groups give it at {@code headParallelism}; regions that share a subtask are run one after the
   * other there.
   */
  public static String describe(NetworkRegions regions, Inventory inv, int headParallelism) {
    List<String> parts = new ArrayList<>();
    Map<String, List<Station>> split = regions.split(inv.stations());
    for (Map.Entry<String, List<Station>> r : split.entrySet()) {
      int subtask =
          KeyGroupRangeAssignment.assignKeyToParallelOperator(
              r.getKey(), EewJob.HEAD_MAX_PARALLELISM, headParallelism);
      parts.add(
          "%s (%d station%s) on head subtask %d"
              .formatted(
                  r.getKey(), r.getValue().size(), r.getValue().size() == 1 ? "" : "s", subtask));
    }
    return split.size() + " region(s): " + String.join(", ", parts);
  }
}
