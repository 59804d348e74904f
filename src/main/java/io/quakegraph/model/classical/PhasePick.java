package io.quakegraph.model.classical;

/**
 * A first-P pick at one station of an {@link io.quakegraph.dataset.EventSample}.
 *
 * <p>Times are seconds from the sample's window start. {@code onsetS} is the refined arrival time;
 * {@code decisionS} is the time of the last sample the picker had to see to make this pick (the
 * trigger plus the post-trigger part of the onset window). A pick exists for a cut time {@code t}
 * only when its decision sample lies before {@code t}: that is what makes a pick made once on the
 * whole window identical to one made on data ending at {@code t}.
 *
 * @param station index of the station in {@code EventSample.stations()}
 * @param stationId {@code NET.STA}
 * @param onsetS refined P onset, s from the window start
 * @param decisionS time of the last sample used for the pick, s from the window start
 * @param decisionIndex index of that sample
 * @param snr quality: RMS of the filtered trace from the onset to the decision over its RMS in the
 *     2 s before the onset (oracle picks carry {@code +Infinity})
 */
public record PhasePick(
    int station, String stationId, double onsetS, double decisionS, int decisionIndex, double snr) {

  /** Whether the pick could be made from samples before {@code cutIndex} (exclusive). */
  public boolean availableBefore(int cutIndex) {
    return decisionIndex < cutIndex;
  }
}
