package io.quakegraph.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The flaws a synthetic archive gets, drawn from a seed, and their application to recorded traces.
 *
 * <p>Drawing: stations are shuffled once; outages take the first stations, timing offsets the next
 * ones, so the two never share a station while there are enough stations. Gaps, dead and clipped
 * channels are drawn from the channels of the remaining stations (a gap inside an outage would be
 * invisible), each channel used once while there are enough. Outages last 10-30 % of the span; gaps
 * 0.5-30 s (at most 5 % of the span); a dead channel dies in the first half of the span and stays
 * dead; clip levels are 2^13-2^16 counts (a broadband channel then clips in the S wave of a
 * moderate nearby event but never in noise); timing offsets are 10-90 ms, either sign, whole
 * milliseconds.
 *
 * <p>Application ({@link #apply(List)}), to any chunk of a station's traces: shift the time stamps,
 * flatten dead spans, clip, then cut outages and gaps out (splitting traces, so a written archive
 * has real gaps). Every time in the plan is an archive time stamp (after the shift).
 *
 * @param level how many flaws were asked for
 * @param seed the seed they were drawn from
 * @param spanStartMicros the scenario start
 * @param spanEndMicros the scenario end (exclusive)
 * @param imperfections the flaws, in drawing order
 */
public record ImperfectionPlan(
    ImperfectionLevel level,
    long seed,
    long spanStartMicros,
    long spanEndMicros,
    List<Imperfection> imperfections) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ImperfectionPlan {
    imperfections = List.copyOf(imperfections);
  }

  /** A plan without flaws. */
  public static ImperfectionPlan none(long spanStartMicros, long spanEndMicros) {
    return new ImperfectionPlan(
        ImperfectionLevel.NONE, 0, spanStartMicros, spanEndMicros, List.of());
  }

  /**
   * Draws the flaws of an archive of {@code stations} (their channels active at the span start; all
   * channels when none is) over {@code [startMicros, endMicros)}.
   */
  public static ImperfectionPlan generate(
      List<Station> stations,
      long startMicros,
      long endMicros,
      ImperfectionLevel level,
      long seed) {
    if (endMicros <= startMicros) {
      throw new IllegalArgumentException("empty scenario span");
    }
    List<Imperfection> out = new ArrayList<>();
    if (level == ImperfectionLevel.NONE || stations.isEmpty()) {
      return new ImperfectionPlan(level, seed, startMicros, endMicros, out);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    long span = endMicros - startMicros;
    List<Station> shuffled = shuffle(stations, rng);
    int n = shuffled.size();
    int outages = count(level.outageRate(), n);
    int offsets = count(level.timingRate(), n);
    Set<String> outageStations = new LinkedHashSet<>();
    int next = 0;
    for (int i = 0; i < outages; i++) {
      Station s = shuffled.get(next++ % n);
      if (!outageStations.add(s.id())) {
        continue;
      }
      long length = wholeMillis((0.1 + 0.2 * rng.nextDouble()) * span);
      long start = startMicros + wholeMillis(rng.nextDouble() * (span - length));
      out.add(new Imperfection.StationOutage(s.id(), start, start + length));
    }
    Set<String> offsetStations = new LinkedHashSet<>();
    for (int i = 0; i < offsets; i++) {
      Station s = shuffled.get(next++ % n);
      if (!offsetStations.add(s.id())) {
        continue;
      }
      long millis = 10 + rng.nextInt(81);
      out.add(
          new Imperfection.TimingOffset(
              s.id(), rng.nextBoolean() ? millis * 1000 : -millis * 1000));
    }

    List<SourceId> channels = new ArrayList<>();
    for (Station s : shuffled) {
      if (!outageStations.contains(s.id())) {
        channels.addAll(channelIds(s, startMicros));
      }
    }
    if (channels.isEmpty()) {
      shuffled.forEach(s -> channels.addAll(channelIds(s, startMicros)));
    }
    if (channels.isEmpty()) {
      return new ImperfectionPlan(level, seed, startMicros, endMicros, out);
    }
    List<SourceId> pool = shuffle(channels, rng);
    List<SourceId> broadband =
        pool.stream()
            .filter(c -> c.channel().length() == 3 && c.channel().charAt(1) == 'H')
            .toList();
    Set<SourceId> used = new LinkedHashSet<>();
    int cursor = 0;
    int clipped = count(level.clipRate(), broadband.isEmpty() ? pool.size() : broadband.size());
    List<SourceId> clipPool = broadband.isEmpty() ? pool : broadband;
    for (int i = 0; i < clipped; i++) {
      SourceId c = clipPool.get(i % clipPool.size());
      if (used.add(c)) {
        out.add(new Imperfection.ClippedChannel(c, 1 << (13 + rng.nextInt(4))));
      }
    }
    int dead = count(level.deadRate(), pool.size());
    for (int i = 0; i < dead; i++) {
      SourceId c = nextUnused(pool, used, cursor++);
      long start = startMicros + wholeMillis(rng.nextDouble() * span / 2);
      out.add(new Imperfection.DeadChannel(c, start, endMicros, rng.nextInt(-5000, 5001)));
    }
    int gaps = count(level.gapRate(), pool.size());
    for (int i = 0; i < gaps; i++) {
      SourceId c = nextUnused(pool, used, cursor++);
      long length = wholeMillis(Math.min(0.05 * span, 500_000 + rng.nextDouble() * 29_500_000));
      length = Math.max(1000, length);
      // keep a second of data on both sides so the gap is a hole, not a late start or early end
      long room = Math.max(0, span - length - 2_000_000);
      long start = startMicros + 1_000_000 + wholeMillis(rng.nextDouble() * room);
      out.add(new Imperfection.Gap(c, start, start + length));
    }
    return new ImperfectionPlan(level, seed, startMicros, endMicros, out);
  }

  /** The flaws that touch a station (any of its channels). */
  public List<Imperfection> forStation(String stationId) {
    return imperfections.stream().filter(i -> stationOf(i).equals(stationId)).toList();
  }

  /** The timing offset of a station, µs (0 when it keeps good time). */
  public long timingOffsetMicros(String stationId) {
    return imperfections.stream()
        .filter(i -> i instanceof Imperfection.TimingOffset t && t.stationId().equals(stationId))
        .mapToLong(i -> ((Imperfection.TimingOffset) i).offsetMicros())
        .sum();
  }

  /**
   * The traces as the flawed archive holds them. Works on any chunk of any station; traces of
   * channels without flaws come back unchanged.
   */
  public List<Trace> apply(List<Trace> traces) {
    List<Trace> out = new ArrayList<>();
    for (Trace original : traces) {
      List<Imperfection> mine =
          imperfections.stream().filter(i -> i.affects(original.id())).toList();
      if (mine.isEmpty()) {
        out.add(original);
        continue;
      }
      Trace t = original;
      for (Imperfection i : mine) {
        if (i instanceof Imperfection.TimingOffset o) {
          t = new Trace(t.id(), t.startMicros() + o.offsetMicros(), t.sampleRate(), t.samples());
        }
      }
      double[] samples = t.samples().clone();
      for (Imperfection i : mine) {
        if (i instanceof Imperfection.DeadChannel d) {
          int a = TraceCuts.firstIndexAtOrAfter(t, d.startMicros());
          int b = TraceCuts.firstIndexAtOrAfter(t, d.endMicros());
          for (int k = a; k < b; k++) {
            samples[k] = d.constantCounts();
          }
        }
      }
      for (Imperfection i : mine) {
        if (i instanceof Imperfection.ClippedChannel c) {
          for (int k = 0; k < samples.length; k++) {
            samples[k] = Math.max(-c.clipCounts(), Math.min(c.clipCounts(), samples[k]));
          }
        }
      }
      List<Trace> pieces = new ArrayList<>(List.of(t.withSamples(samples)));
      for (Imperfection i : mine) {
        long from;
        long to;
        if (i instanceof Imperfection.StationOutage o) {
          from = o.startMicros();
          to = o.endMicros();
        } else if (i instanceof Imperfection.Gap g) {
          from = g.startMicros();
          to = g.endMicros();
        } else {
          continue;
        }
        List<Trace> next = new ArrayList<>();
        for (Trace p : pieces) {
          next.addAll(TraceCuts.remove(p, from, to));
        }
        pieces = next;
      }
      out.addAll(pieces);
    }
    return out;
  }

  /** The plan as JSON: level, seed, span and every flaw with its times as µs and ISO text. */
  public JsonNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("level", level.label());
    root.put("seed", seed);
    root.put("spanStart", Times.format(spanStartMicros));
    root.put("spanEnd", Times.format(spanEndMicros));
    root.put("timeBase", "archive time stamps, after each station's timing offset");
    ArrayNode list = root.putArray("imperfections");
    for (Imperfection i : imperfections) {
      ObjectNode n = list.addObject();
      n.put("kind", i.kind());
      if (i instanceof Imperfection.StationOutage o) {
        n.put("station", o.stationId());
        putSpan(n, o.startMicros(), o.endMicros());
      } else if (i instanceof Imperfection.Gap g) {
        n.put("channel", g.channel().toString());
        putSpan(n, g.startMicros(), g.endMicros());
      } else if (i instanceof Imperfection.DeadChannel d) {
        n.put("channel", d.channel().toString());
        putSpan(n, d.startMicros(), d.endMicros());
        n.put("constantCounts", d.constantCounts());
      } else if (i instanceof Imperfection.ClippedChannel c) {
        n.put("channel", c.channel().toString());
        n.put("clipCounts", c.clipCounts());
      } else if (i instanceof Imperfection.TimingOffset t) {
        n.put("station", t.stationId());
        n.put("offsetMicros", t.offsetMicros());
      }
      n.put("description", i.describe());
    }
    return root;
  }

  /** Writes {@link #toJson()} to {@code file} (UTF-8, indented, '\n' line ends). */
  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(toJson()).replace("\r\n", "\n") + "\n");
  }

  /**
   * Reads a plan written by {@link #write(Path)}.
   *
   * @throws IOException naming the file when it is not such a plan
   */
  public static ImperfectionPlan read(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    try {
      List<Imperfection> list = new ArrayList<>();
      for (JsonNode n : root.required("imperfections")) {
        String kind = n.required("kind").asText();
        list.add(
            switch (kind) {
              case "station-outage" ->
                  new Imperfection.StationOutage(
                      n.required("station").asText(),
                      n.required("startMicros").asLong(),
                      n.required("endMicros").asLong());
              case "gap" ->
                  new Imperfection.Gap(
                      SourceId.parse(n.required("channel").asText()),
                      n.required("startMicros").asLong(),
                      n.required("endMicros").asLong());
              case "dead-channel" ->
                  new Imperfection.DeadChannel(
                      SourceId.parse(n.required("channel").asText()),
                      n.required("startMicros").asLong(),
                      n.required("endMicros").asLong(),
                      n.required("constantCounts").asInt());
              case "clipped-channel" ->
                  new Imperfection.ClippedChannel(
                      SourceId.parse(n.required("channel").asText()),
                      n.required("clipCounts").asInt());
              case "timing-offset" ->
                  new Imperfection.TimingOffset(
                      n.required("station").asText(), n.required("offsetMicros").asLong());
              default ->
                  throw new IllegalArgumentException("unknown imperfection kind '" + kind + "'");
            });
      }
      return new ImperfectionPlan(
          ImperfectionLevel.parse(root.required("level").asText()),
          root.required("seed").asLong(),
          Times.parse(root.required("spanStart").asText()),
          Times.parse(root.required("spanEnd").asText()),
          list);
    } catch (IllegalArgumentException e) {
      throw new IOException("not an imperfection plan: " + file + ": " + e.getMessage(), e);
    }
  }

  private static void putSpan(ObjectNode n, long start, long end) {
    n.put("start", Times.format(start));
    n.put("end", Times.format(end));
    n.put("startMicros", start);
    n.put("endMicros", end);
  }

  private static String stationOf(Imperfection i) {
    if (i instanceof Imperfection.StationOutage o) {
      return o.stationId();
    }
    if (i instanceof Imperfection.TimingOffset t) {
      return t.stationId();
    }
    if (i instanceof Imperfection.Gap g) {
      return g.channel().stationId();
    }
    if (i instanceof Imperfection.DeadChannel d) {
      return d.channel().stationId();
    }
    return ((Imperfection.ClippedChannel) i).channel().stationId();
  }

  private static List<SourceId> channelIds(Station s, long atMicros) {
    List<Channel> active = s.channelsAt(atMicros);
    return (active.isEmpty() ? s.channels() : active).stream().map(Channel::id).distinct().toList();
  }

  private static SourceId nextUnused(List<SourceId> pool, Set<SourceId> used, int cursor) {
    for (int k = 0; k < pool.size(); k++) {
      SourceId c = pool.get((cursor + k) % pool.size());
      if (used.add(c)) {
        return c;
      }
    }
    // more flaws than channels: reuse, in order
    return pool.get(cursor % pool.size());
  }

  private static int count(double rate, int population) {
    return population == 0 ? 0 : Math.max(1, (int) Math.round(rate * population));
  }

  private static long wholeMillis(double micros) {
    return (long) Math.floor(micros / 1000.0) * 1000L;
  }

  private static <T> List<T> shuffle(List<T> items, SplittableRandom rng) {
    List<T> a = new ArrayList<>(items);
    for (int i = a.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T t = a.get(i);
      a.set(i, a.get(j));
      a.set(j, t);
    }
    return a;
  }
}
