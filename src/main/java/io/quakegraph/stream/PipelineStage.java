package io.quakegraph.stream;

/** The job's stages as its CPU profile names them ({@link StageWork}). */
public enum PipelineStage {
  /** Packet parsing and checks, and the Steim decoding of a station's records at each step. */
  DECODE("decode"),
  /** Gaps, response, rotation, resampling and the model's features of a station's window. */
  CONDITIONING("conditioning"),
  /** The station's STA/LTA trigger and its onset's refinement. */
  TRIGGER("trigger"),
  /** The station encoder (CNN) on a batch of windows. */
  ENCODER("encoder"),
  /** Association, the graph head and the fusion of one step. */
  HEAD("head");

  private final String label;

  PipelineStage(String label) {
    this.label = label;
  }

  /** The name in a recording and a report. */
  public String label() {
    return label;
  }
}
