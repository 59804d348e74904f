package io.quakegraph.stream;

import io.quakegraph.schema.StationEmbedding;
import io.quakegraph.schema.StationQualityFlag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One station's node of the graph at one step: the encoder's embedding of its window and the node
 * features the head needs besides (coordinates, log peak, live flag), plus the trigger state the
 * association uses and the receive time the latency uses.
 *
 * @param stationId {@code NET.STA}
 * @param timeMicros step time t (end of the embedded window)
 * @param embedding encoder output, length E of the model
 * @param logPeak log10 peak |velocity| in m/s
 * @param live the station had signal in the window
 * @param triggered trigger on at t
 * @param triggerMicros onset of the current (or last) trigger, {@link Long#MIN_VALUE} if none
 * @param observedFraction fraction of the window that was recorded
 * @param latitude degrees
 * @param longitude degrees
 * @param elevationM metres
 * @param receiveMicros wall-clock receive time of the newest packet in the window
 * @param modelVersion the encoder that made the embedding
 * @param picks the window's {@link io.quakegraph.model.PickFeatures} (empty for a v1 model)
 */
public record StationNode(
    String stationId,
    long timeMicros,
    float[] embedding,
    float logPeak,
    boolean live,
    boolean triggered,
    long triggerMicros,
    float observedFraction,
    double latitude,
    double longitude,
    double elevationM,
    long receiveMicros,
    String modelVersion,
    float[] picks) {

  /** The embedding as the Avro record of the schema contract. */
  public StationEmbedding toAvro() {
    List<Float> e = new ArrayList<>(embedding.length);
    for (float v : embedding) {
      e.add(v);
    }
    List<StationQualityFlag> flags = new ArrayList<>();
    if (observedFraction < 1f) {
      flags.add(StationQualityFlag.GAP);
    }
    return StationEmbedding.newBuilder()
        .setStationId(stationId)
        .setTime(Instant.ofEpochSecond(0, timeMicros * 1000))
        .setEmbedding(e)
        .setLog10PeakVelocity(logPeak)
        .setTriggered(triggered)
        .setModelVersion(modelVersion)
        .setQualityFlags(flags)
        .build();
  }
}
