package io.quakegraph.stream;

import io.quakegraph.model.Estimate;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Times;
import java.util.Arrays;
import java.util.List;

/**
 * The alert record of one version of an event: what the estimate says, with the counts and times
 * consumers judge it by. Pure functions of their arguments (the issue time included), so the head's
 * replays re-issue the same record for the same state.
 */
final class AlertVersions {
  private AlertVersions() {}

  /**
   * Version {@code version} of event {@code e} at step {@code t}.
   *
   * @param graph the stations the estimate used
   * @param live the region's live stations at t
   * @param previous the event's previous version, or null for its first (the magnitude of a growing
   *     rupture may only rise: {@link RuptureClock#magnitude})
   * @param issueMicros wall time of issue
   */
  static EarthquakeAlert of(
      EventState e,
      int version,
      Estimate est,
      List<StationNode> graph,
      long t,
      int live,
      EarthquakeAlert previous,
      String modelVersion,
      long issueMicros) {
    int used = 0;
    long newest = Long.MIN_VALUE;
    for (StationNode s : graph) {
      used += s.live() ? 1 : 0;
      newest = Math.max(newest, s.receiveMicros());
    }
    // the stations with an onset in this event by t (a station that triggers again counts once)
    int triggered =
        (int)
            Arrays.stream(e.picks())
                .filter(p -> p.onsetMicros() <= t)
                .map(TriggerOnset::stationId)
                .distinct()
                .count();
    return EarthquakeAlert.newBuilder()
        .setEventId(e.eventId())
        .setVersion(version)
        .setFinalEstimate(false)
        .setIssueTime(Times.instant(issueMicros))
        .setDataTime(Times.instant(t))
        .setOriginTime(Times.instant(est.originMicros()))
        .setLatitude(est.latitude())
        .setLongitude(est.longitude())
        .setDepthKm(est.depthKm())
        .setMagnitude(
            RuptureClock.magnitude(
                est.magnitude(),
                previous == null ? Double.NaN : previous.getMagnitude(),
                est.originMicros(),
                t))
        .setLatitudeUncertaintyKm(est.sigmaLatKm())
        .setLongitudeUncertaintyKm(est.sigmaLonKm())
        .setDepthUncertaintyKm(est.sigmaDepthKm())
        .setMagnitudeUncertainty(est.sigmaMagnitude())
        .setOriginTimeUncertaintySeconds(est.sigmaOriginS())
        .setStationsUsed(used)
        .setStationsTriggered(triggered)
        .setStationsLive(live)
        .setModelVersion(modelVersion)
        .setLatencyMs(newest == Long.MIN_VALUE ? 0 : Math.max(0, (issueMicros - newest) / 1000))
        .build();
  }

  /**
   * The final version of an event that has no graph any more: the last estimate repeated at step
   * {@code t} with no station used.
   */
  static EarthquakeAlert finalRepeat(
      EarthquakeAlert last, int version, long t, int live, long issueMicros) {
    return EarthquakeAlert.newBuilder(last)
        .setVersion(version)
        .setFinalEstimate(true)
        .setIssueTime(Times.instant(issueMicros))
        .setDataTime(Times.instant(t))
        .setStationsUsed(0)
        .setStationsLive(live)
        .setLatencyMs(0L)
        .build();
  }
}
