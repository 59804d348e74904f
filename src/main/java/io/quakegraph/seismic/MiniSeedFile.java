package io.quakegraph.seismic;

import java.util.List;

/**
 * All records read from one miniSEED file, in file order, and the parts that were skipped.
 *
 * @param name the file or stream name
 * @param records the valid records, in the order they appear in the file
 * @param problems corrupt or unreadable parts that were skipped (empty for a clean file)
 */
public record MiniSeedFile(String name, List<MiniSeedRecord> records, List<ReadProblem> problems) {
  public MiniSeedFile {
    records = List.copyOf(records);
    problems = List.copyOf(problems);
  }

  /** Whether every byte of the file was read as a valid record. */
  public boolean isClean() {
    return problems.isEmpty();
  }
}
