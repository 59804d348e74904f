package io.quakegraph.stream;

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
    float[] picks) {}
