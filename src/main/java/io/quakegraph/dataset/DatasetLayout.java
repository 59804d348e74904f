package io.quakegraph.dataset;

/**
 * Names in the HDF5 event dataset, shared by {@link EventDatasetWriter} and {@link
 * Hdf5SampleSource}. {@code docs/DATASET.md} documents every one with dtype, shape and units.
 */
public final class DatasetLayout {
  private DatasetLayout() {}

  /** Value of the root attribute {@link #FORMAT}. */
  public static final String FORMAT_NAME = "quakegraph-event-dataset";

  /** Schema version; bump on any incompatible change. */
  public static final int FORMAT_VERSION = 1;

  // Root attributes.
  public static final String FORMAT = "format";
  public static final String VERSION = "format_version";
  public static final String SAMPLE_RATE = "sample_rate_hz";
  public static final String BEFORE = "window_before_origin_s";
  public static final String AFTER = "window_after_origin_s";
  public static final String PAD = "conditioning_pad_s";
  public static final String MAX_GAP_FILL = "max_gap_fill_s";
  public static final String SAMPLES = "samples_per_window";
  public static final String COMPONENTS = "components";
  public static final String UNITS = "velocity_units";
  public static final String SHARDS = "shards";
  public static final String SHARD_INDEX = "shard_index";

  // Root datasets and groups.
  public static final String EVENT_GROUPS = "event_groups";
  public static final String STATIONS = "stations";
  public static final String EVENTS = "events";

  // Station table (datasets in /stations).
  public static final String NETWORK = "network";
  public static final String STATION = "station";
  public static final String LATITUDE = "latitude";
  public static final String LONGITUDE = "longitude";
  public static final String ELEVATION = "elevation_m";

  // Per-event datasets.
  public static final String WAVEFORMS = "waveforms";
  public static final String OBSERVED = "observed";
  public static final String STATION_INDEX = "station_index";
  public static final String CHANNELS = "channels";
  public static final String PRESENT = "component_present";
  public static final String OBSERVED_FRACTION = "observed_fraction";
  public static final String FIRST_P = "first_p_s";
  public static final String FIRST_S = "first_s_s";

  // Per-event attributes.
  public static final String EVENT_ID = "event_id";
  public static final String ORIGIN_TIME_US = "origin_time_us";
  public static final String ORIGIN_TIME = "origin_time";
  public static final String EVENT_LATITUDE = "latitude";
  public static final String EVENT_LONGITUDE = "longitude";
  public static final String DEPTH_KM = "depth_km";
  public static final String MAGNITUDE = "magnitude";
  public static final String MAGNITUDE_TYPE = "magnitude_type";
  public static final String WINDOW_START_US = "window_start_us";
  public static final String PROVENANCE = "provenance";
}
