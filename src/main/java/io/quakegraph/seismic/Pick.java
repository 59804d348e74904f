package io.quakegraph.seismic;

/** A phase arrival time at one channel (or station, with channel blank). */
public record Pick(SourceId channel, String phase, long timeMicros) {}
