package io.quakegraph.seismic;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes stations as FDSN StationXML 1.2, element order as the 1.2 schema's sequences require.
 *
 * <p>A response is written as the overall {@code InstrumentSensitivity} plus, when poles and zeros
 * are known, stage 1 (analogue, rad/s, its own gain) and stage 2 (digitiser: a pass-through {@code
 * Coefficients} filter with decimation factor 1 and gain = sensitivity / stage-1 gain), so tools
 * that rebuild the sensitivity from stage gains (ObsPy, seisFile, evalresp) agree with it.
 */
final class StationXmlWriter {
  private StationXmlWriter() {}

  static void write(Collection<Station> stations, OutputStream stream, long createdMicros)
      throws IOException {
    Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
    IndentedXml x = new IndentedXml(w);
    x.start("FDSNStationXML", "xmlns", StationXml.NAMESPACE, "schemaVersion", "1.2");
    x.leaf("Source", "QuakeGraph");
    x.leaf("Module", "QuakeGraph StationXml writer");
    x.leaf("Created", Times.format(createdMicros));
    Map<String, List<Station>> byNetwork = new LinkedHashMap<>();
    for (Station s : stations) {
      byNetwork.computeIfAbsent(s.network(), k -> new ArrayList<>()).add(s);
    }
    for (var e : byNetwork.entrySet()) {
      x.start("Network", "code", e.getKey());
      for (Station s : e.getValue()) {
        writeStation(x, s);
      }
      x.end();
    }
    x.end();
    x.finish();
  }

  private static void writeStation(IndentedXml x, Station s) throws IOException {
    long start = s.channels().stream().mapToLong(Channel::startMicros).min().orElse(Long.MIN_VALUE);
    long end = s.channels().stream().mapToLong(Channel::endMicros).max().orElse(Long.MAX_VALUE);
    x.start("Station", "code", s.station(), "startDate", startDate(start), "endDate", endDate(end));
    x.leaf("Latitude", s.latitude());
    x.leaf("Longitude", s.longitude());
    x.leaf("Elevation", s.elevationM());
    x.start("Site").leaf("Name", s.siteName()).end();
    for (Channel c : s.channels()) {
      writeChannel(x, c);
    }
    x.end();
  }

  private static void writeChannel(IndentedXml x, Channel c) throws IOException {
    x.start(
        "Channel",
        "code",
        c.id().channel(),
        "locationCode",
        c.id().location(),
        "startDate",
        startDate(c.startMicros()),
        "endDate",
        endDate(c.endMicros()));
    x.leaf("Latitude", c.latitude());
    x.leaf("Longitude", c.longitude());
    x.leaf("Elevation", c.elevationM());
    x.leaf("Depth", c.depthM());
    // Optional in the schema: absent stands for "unknown", which our records hold as NaN.
    if (!Double.isNaN(c.azimuthDeg())) {
      x.leaf("Azimuth", c.azimuthDeg());
    }
    if (!Double.isNaN(c.dipDeg())) {
      x.leaf("Dip", c.dipDeg());
    }
    if (!Double.isNaN(c.sampleRate())) {
      x.leaf("SampleRate", c.sampleRate());
    }
    writeResponse(x, c);
    x.end();
  }

  private static void writeResponse(IndentedXml x, Channel c) throws IOException {
    Optional<Sensitivity> sens = c.sensitivity();
    Optional<PolesZeros> pz = c.response();
    if (sens.isEmpty() && pz.isEmpty()) {
      return;
    }
    x.start("Response");
    if (sens.isPresent()) {
      Sensitivity s = sens.get();
      x.start("InstrumentSensitivity");
      x.leaf("Value", s.value());
      x.leaf("Frequency", s.frequencyHz());
      units(x, "InputUnits", s.inputUnits());
      units(x, "OutputUnits", s.outputUnits());
      x.end();
    }
    if (pz.isPresent()) {
      PolesZeros p = pz.get();
      // Without a sensitivity the input quantity is unknown; the channel code's guess is the best
      // a reader can get, and the stage is still self-consistent.
      String input = sens.map(Sensitivity::inputUnits).orElse(guessUnits(c.id().channel()));
      String output = sens.map(Sensitivity::outputUnits).orElse("count");
      x.start("Stage", "number", "1");
      x.start("PolesZeros");
      units(x, "InputUnits", input);
      units(x, "OutputUnits", "V");
      x.leaf("PzTransferFunctionType", "LAPLACE (RADIANS/SECOND)");
      x.leaf("NormalizationFactor", p.normalization());
      x.leaf("NormalizationFrequency", p.normalizationFrequencyHz());
      int n = 0;
      for (PolesZeros.Complex z : p.zeros()) {
        root(x, "Zero", n++, z);
      }
      n = 0;
      for (PolesZeros.Complex pole : p.poles()) {
        root(x, "Pole", n++, pole);
      }
      x.end();
      x.start("StageGain")
          .leaf("Value", p.stageGain())
          .leaf("Frequency", p.normalizationFrequencyHz())
          .end();
      x.end();
      if (sens.isPresent() && p.stageGain() != 0 && Double.isFinite(p.stageGain())) {
        writeDigitizer(x, c, sens.get(), p, output);
      }
    }
    x.end();
  }

  private static void writeDigitizer(
      IndentedXml x, Channel c, Sensitivity s, PolesZeros p, String output) throws IOException {
    double rate = Double.isNaN(c.sampleRate()) ? 1.0 : c.sampleRate();
    x.start("Stage", "number", "2");
    x.start("Coefficients");
    units(x, "InputUnits", "V");
    units(x, "OutputUnits", output);
    x.leaf("CfTransferFunctionType", "DIGITAL");
    x.end();
    x.start("Decimation")
        .leaf("InputSampleRate", rate)
        .leaf("Factor", "1")
        .leaf("Offset", "0")
        .leaf("Delay", "0.0")
        .leaf("Correction", "0.0")
        .end();
    x.start("StageGain")
        .leaf("Value", s.value() / p.stageGain())
        .leaf("Frequency", s.frequencyHz())
        .end();
    x.end();
  }

  private static void units(IndentedXml x, String element, String name) throws IOException {
    x.start(element).leaf("Name", name).end();
  }

  private static void root(IndentedXml x, String element, int number, PolesZeros.Complex c)
      throws IOException {
    x.start(element, "number", Integer.toString(number))
        .leaf("Real", c.re())
        .leaf("Imaginary", c.im())
        .end();
  }

  private static String guessUnits(String channel) {
    return switch (GroundMotion.fromChannel(channel)) {
      case ACCELERATION -> "m/s**2";
      case DISPLACEMENT -> "m";
      default -> "m/s";
    };
  }

  private static String startDate(long micros) {
    return micros == Long.MIN_VALUE ? null : Times.format(micros);
  }

  private static String endDate(long micros) {
    return micros == Long.MAX_VALUE ? null : Times.format(micros);
  }
}
