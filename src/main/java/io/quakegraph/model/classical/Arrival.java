package io.quakegraph.model.classical;

/**
 * One observed first-P arrival for the locator.
 *
 * @param stationId {@code NET.STA} (with the coordinates, the key of the locator's per-station
 *     distance tables)
 * @param latitude station latitude, degrees
 * @param longitude station longitude, degrees
 * @param timeS arrival time, seconds from any fixed reference (the sample's window start)
 */
public record Arrival(String stationId, double latitude, double longitude, double timeS) {

  String key() {
    return stationId + "@" + latitude + "," + longitude;
  }
}
