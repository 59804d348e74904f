package io.quakegraph.stream;

import io.quakegraph.seismic.Geodesy;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups station triggers into events by space-time consistency: pure logic, no Flink, so it is
 * tested on its own and the head operator only holds its state.
 *
 * <p>Two P onsets of one event at stations {@code d} km apart differ by at most {@code d / vMin}
 * (the wavefront cannot cross the pair slower than the slowest crustal P velocity) plus the trigger
 * timing error {@code slack}. An event opens when at least {@code minTriggered} pending triggers
 * are pairwise consistent, each lies within {@code linkKm} of another of them, and together they
 * fit a point source that the quiet stations do not contradict ({@link #pointSource}). A new
 * trigger joins the open (or recently closed) event whose P wave it fits at its station ({@link
 * #fitsP}) and whose nearest trigger is within {@code linkKm} and consistent with it; a trigger on
 * an event's S wave is that event's later phase and is dropped ({@link #laterPhase}); otherwise it
 * waits as pending, so two earthquakes at once in different places, or one after the other in the
 * same place, become two events. Pending triggers older than {@code linkKm / vMin + slack} can no
 * longer pair with a new one and are dropped.
 *
 * @param minTriggered triggers needed to open an event
 * @param vMinKmS slowest apparent P velocity, km/s
 * @param slackS trigger timing error, s
 * @param linkKm largest distance from a trigger to its nearest fellow trigger, km
 * @param maxEventS an event closes this long after its first trigger, s; a closed event keeps
 *     absorbing its triggers for as long again
 */
public record Associator(
    int minTriggered, double vMinKmS, double slackS, double linkKm, double maxEventS)
    implements Serializable {

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(ZoneOffset.UTC);

  /** The association settings of a job. */
  public static Associator of(JobConfig cfg) {
    return new Associator(
        cfg.minTriggeredStations(),
        cfg.minApparentVelocityKmS(),
        cfg.associationSlackSeconds(),
        cfg.linkKm(),
        cfg.maxEventSeconds());
  }

  /** The association of a job with the default settings ({@link JobConfig#defaults}). */
  public static Associator defaults() {
    return of(JobConfig.defaults("localhost:9092", Path.of("."), Path.of(".")));
  }

  /**
   * How long after its first trigger a closed event is remembered, at least, s: its S waves cross a
   * regional network (500 km at 3.5 km/s) in about 150 s, and re-triggers on them must still be
   * recognised as its later phases.
   */
  static final double CODA_MEMORY_S = 180;

  /** Crustal P to S velocity ratio. */
  static final double VP_VS = 1.73;

  /**
   * How long the S wave train lasts at a station after its predicted arrival (beyond the timing
   * allowance), s: a station re-triggers on the S onset or the few seconds of strongest shaking
   * after it. A longer window would hide the P waves of a second earthquake at stations still in
   * the first one's coda (an aftershock 20-40 s after a mainshock is common, and its P must still
   * open its own event); coda re-triggers outside it are pending triggers that fit no wavefront and
   * expire.
   */
  static final double S_TRAIN_S = 5;

  /** Triggers of an event whose point source predicts its later phases. */
  static final int SOURCE_PICKS = 12;

  /** Velocity-model error of the point-source test: a fraction of the P travel time. */
  static final double MODEL_ERROR = 0.05;

  /** Fewest triggered stations among those a candidate source should have triggered by now. */
  static final double MIN_COVERAGE = 0.5;

  /**
   * A station sending data at the step, as the coverage test of a candidate source sees it.
   *
   * @param stationId {@code NET.STA}
   * @param latitude degrees
   * @param longitude degrees
   */
  public record Site(String stationId, double latitude, double longitude) {}

  /** {@link #step(AssociationState, Collection, long, Collection)} without a coverage test. */
  public AssociationState step(
      AssociationState state, Collection<TriggerOnset> picks, long tMicros) {
    return step(state, picks, tMicros, List.of());
  }

  /**
   * The state after one step.
   *
   * @param state the state before
   * @param picks new triggers of this step
   * @param tMicros the step time
   * @param live the stations sending data at this step (for the coverage test of new events)
   * @return the new state; events opened in this step are the ones with version 0
   */
  public AssociationState step(
      AssociationState state, Collection<TriggerOnset> picks, long tMicros, Collection<Site> live) {
    List<EventState> events = new ArrayList<>(Arrays.asList(state.events()));
    List<TriggerOnset> pending = new ArrayList<>(Arrays.asList(state.pending()));
    Sources sources = new Sources();
    List<TriggerOnset> sorted = new ArrayList<>(picks);
    sorted.sort(
        Comparator.comparingLong(TriggerOnset::onsetMicros).thenComparing(TriggerOnset::stationId));
    for (TriggerOnset p : sorted) {
      // A station's earlier pending trigger stays beside the new one: a station that missed
      // nothing triggers again on its own S a few seconds after its P, before enough other
      // stations have triggered to open the event, and its P must not be lost to its S.
      if (!attach(p, events, sources)) {
        pending.add(p);
      }
    }
    long horizon = tMicros - Math.round((linkKm / vMinKmS + slackS) * 1e6);
    pending.removeIf(q -> q.onsetMicros() < horizon);
    pending.sort(
        Comparator.comparingLong(TriggerOnset::onsetMicros).thenComparing(TriggerOnset::stationId));
    for (int seed = 0; seed < pending.size(); ) {
      List<TriggerOnset> cluster = cluster(pending, seed);
      if (cluster.size() >= minTriggered) {
        cluster = pointSource(cluster, pending, events, live);
      }
      if (cluster.size() >= minTriggered) {
        pending.removeAll(cluster);
        TriggerOnset first = cluster.get(0);
        events.add(
            new EventState(
                eventId(first),
                first.onsetMicros(),
                0,
                cluster.toArray(TriggerOnset[]::new),
                false,
                Long.MIN_VALUE));
        // Triggers after its first onset left out of the new event (a misfit dropped by the
        // point-source test, one that came a step late) join it like any later trigger, rather
        // than seed a second one; earlier ones cannot be its P and stay pending.
        long firstOnset = first.onsetMicros();
        pending.removeIf(q -> q.onsetMicros() >= firstOnset && attach(q, events, sources));
        seed = 0;
      } else {
        seed++;
      }
    }
    long forget = Math.round(Math.max(2 * maxEventS, CODA_MEMORY_S) * 1e6);
    long absorb = Math.round(maxEventS * 1e6);
    // a large rupture can close later than the usual memory: it still absorbs its coda after
    events.removeIf(
        e ->
            e.closed()
                && tMicros - e.firstOnsetMicros() > forget
                && tMicros - e.closedMicros() > absorb);
    return new AssociationState(
        pending.toArray(TriggerOnset[]::new), events.toArray(EventState[]::new));
  }

  /**
   * Puts a trigger into the event it belongs to: among the events whose P wave it fits ({@link
   * #fitsP}), the one with the nearest consistent trigger (a station already in it keeps its first
   * onset); or, as a later phase, drops it.
   *
   * @return whether an event took it (else it is a candidate for a new event)
   */
  private boolean attach(TriggerOnset p, List<EventState> events, Sources sources) {
    int best = -1;
    double bestKm = Double.POSITIVE_INFINITY;
    for (int i = 0; i < events.size(); i++) {
      if (!fitsP(p, events.get(i), sources)) {
        continue;
      }
      for (TriggerOnset q : events.get(i).picks()) {
        double d = distanceKm(p, q);
        if (d < bestKm && consistent(p, q)) {
          bestKm = d;
          best = i;
        }
      }
    }
    if (best < 0) {
      return laterPhase(p, events, sources);
    }
    EventState e = events.get(best);
    if (Arrays.stream(e.picks()).noneMatch(q -> q.stationId().equals(p.stationId()))) {
      TriggerOnset[] more = Arrays.copyOf(e.picks(), e.picks().length + 1);
      more[more.length - 1] = p;
      events.set(
          best,
          new EventState(
              e.eventId(),
              Math.min(e.firstOnsetMicros(), p.onsetMicros()),
              e.version(),
              more,
              e.closed(),
              e.closedMicros()));
    }
    return true;
  }

  /**
   * The part of a candidate cluster that is one earthquake's P wavefront, or nothing: the picks
   * must fit a point source ({@link PointSourceFit}) to within {@code slackS} plus {@link
   * #MODEL_ERROR} of their travel time each (the worst misfit is dropped while enough picks remain,
   * so a stale or noise trigger that passed the pairwise test does not spoil or seed the event),
   * and at least {@link #MIN_COVERAGE} of the stations that source should have triggered by the
   * cluster's last onset (its predicted P earlier by more than {@code slackS}) must have triggered.
   * Scattered noise triggers can pass the pairwise time test across a large network; they fail
   * here, because the only sources that fit them would have reached many quiet stations first.
   */
  private List<TriggerOnset> pointSource(
      List<TriggerOnset> cluster,
      List<TriggerOnset> pending,
      List<EventState> events,
      Collection<Site> live) {
    List<TriggerOnset> c = new ArrayList<>(cluster);
    while (c.size() >= minTriggered) {
      PointSourceFit fit = PointSourceFit.of(c, linkKm);
      int worst = worstMisfit(c, fit);
      if (worst < 0) {
        return covered(fit, c, pending, events, live) ? c : List.of();
      }
      c.remove(c.size() <= LEAVE_ONE_OUT_MAX ? leaveOneOut(c) : worst);
    }
    return List.of();
  }

  /**
   * Clusters up to this size drop the pick whose removal fits best ({@link #leaveOneOut}); larger
   * ones the worst residual of the joint fit, which costs one fit instead of one per pick.
   */
  static final int LEAVE_ONE_OUT_MAX = 12;

  /**
   * The pick of {@code c} that misfits {@code fit} most beyond its allowance, or -1 if none does.
   */
  private int worstMisfit(List<TriggerOnset> c, PointSourceFit fit) {
    int worst = -1;
    double worstExcess = 0;
    for (int i = 0; i < c.size(); i++) {
      double excess = excess(c.get(i), fit, fit.residualsS()[i]);
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = i;
      }
    }
    return worst;
  }

  private double excess(TriggerOnset p, PointSourceFit fit, double residualS) {
    return excess(p, fit, residualS, slackS);
  }

  /** How far a pick's residual exceeds {@code timingS} plus the model error of its travel time. */
  private static double excess(
      TriggerOnset p, PointSourceFit fit, double residualS, double timingS) {
    double allowed = timingS + MODEL_ERROR * fit.travelTimeS(p.latitude(), p.longitude());
    return Math.abs(residualS) - allowed;
  }

  /**
   * The pick whose removal leaves the best fit of the others (least rms). A far noise trigger drags
   * a least-squares fit of a few picks towards itself, and then the worst residual of the joint fit
   * can be a true P (the demo's first earthquake lost its nearest station, 6 km away, to a noise
   * trigger 115 km off, and opened 2 s late on others): the jackknife finds the pick the others
   * disagree with. The rms, not the largest excess: with a few picks and a slack of seconds,
   * several subsets fit within the allowance, and the one that fits tightest is the wavefront.
   */
  private int leaveOneOut(List<TriggerOnset> c) {
    int best = 0;
    double bestRms = Double.POSITIVE_INFINITY;
    for (int k = 0; k < c.size(); k++) {
      List<TriggerOnset> rest = new ArrayList<>(c);
      rest.remove(k);
      double rms = PointSourceFit.of(rest, linkKm).rmsS();
      if (rms < bestRms) {
        bestRms = rms;
        best = k;
      }
    }
    return best;
  }

  /**
   * Whether enough of the stations {@code fit} should have triggered by now did. A station counts
   * as triggered by this source when one of its known onsets (pending, or the first of an event)
   * falls on the source's predicted P there, within the trigger error plus {@link #MODEL_ERROR} of
   * the travel time; a station with an onset up to {@value #BUSY_S} s before that may still have
   * been triggered by an earlier wave and could not trigger again, so it is not counted either way.
   * A station merely known to have triggered at some other time is no evidence for the source:
   * where another earthquake's waves have reached every station, coincident noise or S triggers
   * would otherwise open events that nothing contradicts.
   */
  private boolean covered(
      PointSourceFit fit,
      List<TriggerOnset> c,
      List<TriggerOnset> pending,
      List<EventState> events,
      Collection<Site> live) {
    if (live.isEmpty()) {
      return true;
    }
    Map<String, List<Long>> onsets = new HashMap<>();
    pending.forEach(
        p -> onsets.computeIfAbsent(p.stationId(), k -> new ArrayList<>()).add(p.onsetMicros()));
    for (EventState e : events) {
      for (TriggerOnset p : e.picks()) {
        onsets.computeIfAbsent(p.stationId(), k -> new ArrayList<>()).add(p.onsetMicros());
      }
    }
    Set<String> members = new HashSet<>();
    c.forEach(p -> members.add(p.stationId()));
    long latest = c.stream().mapToLong(TriggerOnset::onsetMicros).max().orElseThrow();
    int expected = c.size();
    for (Site s : live) {
      if (members.contains(s.stationId())) {
        continue;
      }
      double tt = fit.travelTimeS(s.latitude(), s.longitude());
      long predicted = fit.originMicros() + Math.round(tt * 1e6);
      if (predicted > latest - Math.round(slackS * 1e6)) {
        continue; // not due yet
      }
      long allowed = Math.round((slackS + MODEL_ERROR * tt) * 1e6);
      boolean accounted = false;
      for (long o : onsets.getOrDefault(s.stationId(), List.of())) {
        accounted |= o >= predicted - Math.round(BUSY_S * 1e6) && o <= predicted + allowed;
      }
      if (!accounted) {
        expected++;
      }
    }
    return c.size() >= MIN_COVERAGE * expected;
  }

  /**
   * How long a trigger may stay on, s: a station that turned on this long before a source's P could
   * still be on when it came, and then it cannot turn on for it.
   */
  static final double BUSY_S = 20;

  /**
   * The pending triggers from {@code seed} on that are pairwise consistent with the seed and with
   * each other, greedily in onset order, each within {@code linkKm} of an earlier member, one per
   * station (its earliest from the seed on).
   */
  private List<TriggerOnset> cluster(List<TriggerOnset> pending, int seed) {
    List<TriggerOnset> c = new ArrayList<>();
    c.add(pending.get(seed));
    Set<String> stations = new HashSet<>();
    stations.add(pending.get(seed).stationId());
    for (int j = seed + 1; j < pending.size(); j++) {
      TriggerOnset p = pending.get(j);
      if (stations.contains(p.stationId())) {
        continue;
      }
      boolean fits = true;
      boolean linked = false;
      for (TriggerOnset q : c) {
        double d = distanceKm(p, q);
        fits &= timeConsistent(p, q, d);
        linked |= d <= linkKm;
      }
      if (fits && linked) {
        c.add(p);
        stations.add(p.stationId());
      }
    }
    return c;
  }

  /**
   * Whether {@code p} is a later phase of a known event (open, or closed and still remembered)
   * rather than a new P onset: it falls on that event's S wave at the station, from its predicted
   * arrival (the crustal S, or the upper-mantle Sn where that comes first) less the timing
   * allowance (trigger error plus {@link #MODEL_ERROR} of the S travel time) to {@link #S_TRAIN_S}
   * after it plus the allowance, as predicted from the point source of the event's first triggers.
   * Such triggers (a station re-triggering on its own S, a distant station whose P was too weak
   * triggering on the S) are dropped instead of pending, so they cannot open a spurious second
   * event.
   *
   * <p>Only the S window: a trigger between an event's P and S, or in its later coda, may be the P
   * of a second earthquake (an aftershock while the mainshock's waves still cross the network, a
   * distant event's P arriving at stations the first one reached earlier), and stays pending; it
   * opens an event only with others that fit a wavefront of their own. The price: a second
   * earthquake whose P reaches stations inside the first one's S window there is not separated at
   * those stations; elsewhere, or a few seconds later, it is.
   */
  private boolean laterPhase(TriggerOnset p, List<EventState> events, Sources sources) {
    for (EventState e : events) {
      if (p.onsetMicros() <= e.firstOnsetMicros()) {
        continue;
      }
      PointSourceFit source = sources.of(e);
      double tP = source.travelTimeS(p.latitude(), p.longitude());
      double after = (p.onsetMicros() - source.originMicros()) / 1e6;
      double tS = tP * VP_VS;
      double km =
          Geodesy.epicentralKm(source.latitude(), source.longitude(), p.latitude(), p.longitude());
      double earliest = Math.min(tS, pnTravelTimeS(km) * VP_VS);
      double allowed = slackS + MODEL_ERROR * tS;
      if (after >= earliest - allowed && after <= tS + allowed + S_TRAIN_S) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code p} can be event {@code e}'s P wave at its station. After the origin of the point
   * source of the event's first triggers (its first P wavefront, {@link #SOURCE_PICKS} of them at
   * most), it must come no earlier than the upper mantle's P wave ({@link #PN_VELOCITY_KM_S} and
   * {@link #PN_INTERCEPT_S}: the Pn, which overtakes the crustal P beyond ~150 km and is first by
   * 10 s at 350 km), less the trigger error, and no later than that source's crustal P, plus the
   * trigger error and {@link #MODEL_ERROR} of the travel time; or, later than that, it must fit a
   * point source with those first triggers to within half the trigger error plus {@link
   * #MODEL_ERROR} of the travel time for each of them (the whole trigger error would let a near
   * station's S, 4 s after its P at 35 km, drag a young event's source until it fits). The refit is
   * for young events: their first four triggers often lie on one side of them, and the source they
   * fix alone can be tens of km off along the direction they do not resolve, which would turn the
   * event's own later P onsets away. The early bound keeps the event's own source, because a source
   * refitted with a noise trigger far away is dragged towards it.
   *
   * <p>The pairwise test alone lets through triggers up to 30 s apart between stations 150 km
   * apart: a noise trigger before the P would be taken for an onset by the estimate, and the P of a
   * second earthquake after it (the next event of a sequence, or one across the network whose
   * stations the first one's wavefront reached earlier) would be swallowed, and that earthquake
   * never alerted.
   */
  private boolean fitsP(TriggerOnset p, EventState e, Sources sources) {
    if (e.picks().length < minTriggered) {
      return true;
    }
    PointSourceFit own = sources.of(e);
    double km = Geodesy.epicentralKm(own.latitude(), own.longitude(), p.latitude(), p.longitude());
    double after = (p.onsetMicros() - own.originMicros()) / 1e6;
    if (after < pnTravelTimeS(km) - slackS) {
      return false;
    }
    if (after <= own.travelTimeS(p.latitude(), p.longitude()) * (1 + MODEL_ERROR) + slackS) {
      return true;
    }
    List<TriggerOnset> picks = new ArrayList<>(first(e));
    picks.removeIf(q -> q.stationId().equals(p.stationId()));
    picks.add(p);
    PointSourceFit fit = PointSourceFit.of(picks, linkKm);
    for (int i = 0; i < picks.size(); i++) {
      if (excess(picks.get(i), fit, fit.residualsS()[i], slackS / 2) > 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Intercept time of the upper-mantle P (Pn), s, at least: its travel time is the distance at
   * {@link #PN_VELOCITY_KM_S} plus the time spent crossing the crust down and up, about 4.7 s for a
   * source 10 km deep under Hadley-Kanamori's 32-km crust and 3 s for one 20 km deep. The
   * upper-mantle S (Sn) has {@link #VP_VS} times as much.
   */
  static final double PN_INTERCEPT_S = 3;

  /** The earliest the upper-mantle P (Pn) can arrive at an epicentral distance, s. */
  private static double pnTravelTimeS(double km) {
    return km / PN_VELOCITY_KM_S + PN_INTERCEPT_S;
  }

  /** Upper-mantle P velocity (Pn) under Southern California, km/s. */
  static final double PN_VELOCITY_KM_S = 7.8;

  /** The point source of an event's earliest triggers (its first P wavefront). */
  /**
   * The point sources of a step's events ({@link #source}), each fitted once: an event's first
   * wavefront changes only when it gains a trigger, and every new trigger of a step is tested
   * against every event (on 1,000 stations, tens of triggers against several events).
   */
  private final class Sources {
    private final Map<String, PointSourceFit> fits = new HashMap<>();

    PointSourceFit of(EventState e) {
      return fits.computeIfAbsent(e.eventId() + "#" + e.picks().length, k -> source(e));
    }
  }

  private PointSourceFit source(EventState e) {
    return PointSourceFit.of(first(e), linkKm);
  }

  /** An event's earliest triggers, {@link #SOURCE_PICKS} at most. */
  private static List<TriggerOnset> first(EventState e) {
    return Arrays.stream(e.picks())
        .sorted(Comparator.comparingLong(TriggerOnset::onsetMicros))
        .limit(SOURCE_PICKS)
        .toList();
  }

  /**
   * The graph of event {@code e} at a step: all of {@code nodes} when it is the only open event
   * (the paper's dynamic graph, every live station); when several are open, the stations whose
   * nearest trigger belongs to {@code e}, so each source is estimated from its own part of the
   * network.
   *
   * @param open the open events, {@code e} among them
   */
  public List<StationNode> graphOf(EventState e, List<EventState> open, List<StationNode> nodes) {
    if (open.size() == 1) {
      return nodes;
    }
    List<StationNode> mine = new ArrayList<>();
    for (StationNode n : nodes) {
      EventState best = null;
      double bestKm = Double.POSITIVE_INFINITY;
      for (EventState o : open) {
        for (TriggerOnset p : o.picks()) {
          double d = Geodesy.epicentralKm(n.latitude(), n.longitude(), p.latitude(), p.longitude());
          if (d < bestKm) {
            bestKm = d;
            best = o;
          }
        }
      }
      if (best != null && best.eventId().equals(e.eventId())) {
        mine.add(n);
      }
    }
    return mine;
  }

  /**
   * Whether an event should issue its final version at step t, knowing its estimate: a large
   * rupture (the largest magnitude published for it at least {@link RuptureClock#LARGE_MAGNITUDE})
   * updates until its rupture has ended and its S waves have crossed the network ({@link
   * RuptureClock#updatesUntilMicros}), and at least {@code maxEventS}, whatever its stations'
   * triggers do; any other event as {@link #closeDue(EventState, long, Set)}.
   *
   * @param peakMagnitude the largest magnitude published for the event, this step's included
   * @param originMicros this step's origin time estimate
   * @param farthestKm epicentral distance of the network's farthest station, km
   */
  public boolean closeDue(
      EventState e,
      long tMicros,
      Set<String> triggeredNow,
      double peakMagnitude,
      long originMicros,
      double farthestKm) {
    if (!RuptureClock.large(peakMagnitude)) {
      return closeDue(e, tMicros, triggeredNow);
    }
    long until =
        Math.max(
            e.firstOnsetMicros() + Math.round(maxEventS * 1e6),
            RuptureClock.updatesUntilMicros(originMicros, peakMagnitude, farthestKm));
    return tMicros >= until;
  }

  /**
   * Whether an event should issue its final version at step t: after its lifetime, or once none of
   * its stations is still triggered, but not within {@value #MIN_OPEN_S} s of its first onset (a
   * step released before every station's node arrived says nothing about the others, and no felt
   * earthquake is over that soon).
   */
  public boolean closeDue(EventState e, long tMicros, Set<String> triggeredNow) {
    long open = tMicros - e.firstOnsetMicros();
    if (open >= Math.round(maxEventS * 1e6)) {
      return true;
    }
    return open >= Math.round(MIN_OPEN_S * 1e6)
        && Arrays.stream(e.picks()).noneMatch(p -> triggeredNow.contains(p.stationId()));
  }

  static final double MIN_OPEN_S = 10;

  /** Two triggers could be P onsets of one event: near enough and time-consistent. */
  public boolean consistent(TriggerOnset a, TriggerOnset b) {
    double d = distanceKm(a, b);
    return d <= linkKm && timeConsistent(a, b, d);
  }

  private boolean timeConsistent(TriggerOnset a, TriggerOnset b, double d) {
    return Math.abs(a.onsetMicros() - b.onsetMicros()) / 1e6 <= d / vMinKmS + slackS;
  }

  /** Great-circle distance between two triggers' stations, km. */
  public static double distanceKm(TriggerOnset a, TriggerOnset b) {
    return Geodesy.epicentralKm(a.latitude(), a.longitude(), b.latitude(), b.longitude());
  }

  /** The id of an event first triggered by {@code first}: {@code qg-<UTC onset>-<NET.STA>}. */
  static String eventId(TriggerOnset first) {
    return "qg-"
        + ID_TIME.format(Instant.ofEpochSecond(0, first.onsetMicros() * 1000))
        + "-"
        + first.stationId();
  }
}
