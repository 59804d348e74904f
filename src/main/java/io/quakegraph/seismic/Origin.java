package io.quakegraph.seismic;

/** A hypocentre: origin time (epoch µs), latitude and longitude in degrees, depth in km. */
public record Origin(long timeMicros, double latitude, double longitude, double depthKm) {}
