package io.quakegraph.stream;

import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.WaveformPacket;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Packets go on; values that could not be decoded go to the dead-letter side output. */
public final class InboundSplitter extends ProcessFunction<Inbound, WaveformPacket> {
  private static final long serialVersionUID = 1L;

  /** Side output of undecodable Kafka values. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("undecodable", TypeInformation.of(DeadLetter.class));

  @Override
  public void processElement(Inbound in, Context ctx, Collector<WaveformPacket> out) {
    if (in.isPacket()) {
      out.collect(in.packet());
    } else if (in.deadLetter() != null) {
      ctx.output(DEAD_LETTERS, in.deadLetter());
    }
  }
}
