package io.quakegraph.model;

import ai.djl.ndarray.NDArray;

/**
 * What every neighbour search of one batch of graphs needs to know about its masked stations,
 * computed once per head call instead of once per search: each search is a handful of small tensor
 * operations, and on a CPU the per-operation overhead, not the arithmetic, sets the head's latency.
 *
 * @param live {@code [B, N]}, 1 at live stations and 0 at masked ones
 * @param penalty {@code [B, 1, N]}, +{@link DualEdgeConv#FAR} on masked columns, added to a
 *     distance matrix so that masked stations are never among the nearest while enough are live
 * @param fewestLive the smallest number of live stations of any graph of the batch: a search for at
 *     most that many neighbours can never pick a masked station, so its picks need no check
 */
public record LiveMask(NDArray live, NDArray penalty, long fewestLive) {

  /** The mask of {@code live [B, N]}. */
  public static LiveMask of(NDArray live) {
    NDArray penalty = live.expandDims(1).neg().add(1f).mul(DualEdgeConv.FAR);
    long fewest = Math.round(live.sum(new int[] {1}).min().getFloat());
    return new LiveMask(live, penalty, fewest);
  }

  /** Whether a search for {@code kk} neighbours may pick a masked station in some graph. */
  boolean mayPickMasked(int kk) {
    return fewestLive < kk;
  }
}
