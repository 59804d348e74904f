package io.quakegraph.demo;

import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.seismic.Earthquake;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.Station;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The demo's map: stations, true epicentres, and per event the estimated epicentre of every alert
 * version (small dots, the track as it converged) and of the last version (large), with its 1-σ and
 * 2-σ uncertainty ellipses (axes = the alert's north-south and east-west σ, km, turned into degrees
 * at the event's latitude). Longitude is scaled by cos(latitude) through the plot's aspect so
 * circles look like circles.
 */
public final class AlertMap {
  private static final Color[] EVENT_COLOURS = {
    new Color(0xD62728),
    new Color(0x1F77B4),
    new Color(0x2CA02C),
    new Color(0x9467BD),
    new Color(0xFF7F0E),
    new Color(0x8C564B)
  };

  private AlertMap() {}

  /**
   * Writes the PNG.
   *
   * @param versionsByEvent alert versions per event id, in order
   * @param truthByEvent the true event each alert event was matched to (may lack entries)
   */
  public static Path write(
      Path png,
      String title,
      List<Station> stations,
      List<Earthquake> trueEvents,
      Map<String, List<EarthquakeAlert>> versionsByEvent,
      Map<String, Earthquake> truthByEvent)
      throws IOException {
    double minLat = Double.POSITIVE_INFINITY;
    double maxLat = Double.NEGATIVE_INFINITY;
    double minLon = Double.POSITIVE_INFINITY;
    double maxLon = Double.NEGATIVE_INFINITY;
    for (Station s : stations) {
      minLat = Math.min(minLat, s.latitude());
      maxLat = Math.max(maxLat, s.latitude());
      minLon = Math.min(minLon, s.longitude());
      maxLon = Math.max(maxLon, s.longitude());
    }
    for (Earthquake e : trueEvents) {
      minLat = Math.min(minLat, e.origin().latitude());
      maxLat = Math.max(maxLat, e.origin().latitude());
      minLon = Math.min(minLon, e.origin().longitude());
      maxLon = Math.max(maxLon, e.origin().longitude());
    }
    // estimates widen the map, but no further than 2° beyond the stations and true epicentres, so
    // a wild early estimate does not shrink the network to a dot
    double[] box = {minLat - 2, maxLat + 2, minLon - 2, maxLon + 2};
    for (List<EarthquakeAlert> versions : versionsByEvent.values()) {
      for (EarthquakeAlert a : versions) {
        minLat = Math.min(minLat, Math.max(box[0], a.getLatitude()));
        maxLat = Math.max(maxLat, Math.min(box[1], a.getLatitude()));
        minLon = Math.min(minLon, Math.max(box[2], a.getLongitude()));
        maxLon = Math.max(maxLon, Math.min(box[3], a.getLongitude()));
      }
    }
    double midLat = 0.5 * (minLat + maxLat);
    double cos = Math.cos(Math.toRadians(midLat));
    double spanLat = Math.max(0.2, maxLat - minLat);
    double spanLon = Math.max(0.2, maxLon - minLon);
    int height = 800;
    int width = (int) Math.max(500, Math.min(1600, height * (spanLon * cos) / spanLat + 420));
    XYChart chart =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title + " — × last version, ellipses 1σ (solid) and 2σ (dashed)")
            .xAxisTitle("longitude (°E)")
            .yAxisTitle("latitude (°N)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    chart.getStyler().setMarkerSize(7);
    double pad = 0.08;
    chart.getStyler().setXAxisMin(minLon - pad * spanLon);
    chart.getStyler().setXAxisMax(maxLon + pad * spanLon);
    chart.getStyler().setYAxisMin(minLat - pad * spanLat);
    chart.getStyler().setYAxisMax(maxLat + pad * spanLat);
    chart.getStyler().setDecimalPattern("0.00");

    XYSeries st =
        chart.addSeries(
            "stations (" + stations.size() + ")",
            stations.stream().mapToDouble(Station::longitude).toArray(),
            stations.stream().mapToDouble(Station::latitude).toArray());
    st.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    st.setMarker(SeriesMarkers.TRIANGLE_UP);
    st.setMarkerColor(new Color(0x777777));

    if (!trueEvents.isEmpty()) {
      XYSeries tr =
          chart.addSeries(
              "true epicentres",
              trueEvents.stream().mapToDouble(e -> e.origin().longitude()).toArray(),
              trueEvents.stream().mapToDouble(e -> e.origin().latitude()).toArray());
      tr.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      tr.setMarker(SeriesMarkers.DIAMOND);
      tr.setMarkerColor(Color.BLACK);
    }

    int k = 0;
    for (Map.Entry<String, List<EarthquakeAlert>> ev : versionsByEvent.entrySet()) {
      List<EarthquakeAlert> versions = ev.getValue();
      if (versions.isEmpty()) {
        continue;
      }
      Color c = EVENT_COLOURS[k++ % EVENT_COLOURS.length];
      String label = ev.getKey();
      Earthquake truth = truthByEvent.get(ev.getKey());
      if (truth != null) {
        label += " (true M" + String.format(java.util.Locale.ROOT, "%.1f", truth.magnitude()) + ")";
      }
      XYSeries track =
          chart.addSeries(
              label + ": v1.." + versions.get(versions.size() - 1).getVersion(),
              versions.stream().mapToDouble(EarthquakeAlert::getLongitude).toArray(),
              versions.stream().mapToDouble(EarthquakeAlert::getLatitude).toArray());
      track.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      track.setMarker(SeriesMarkers.CIRCLE);
      track.setLineColor(withAlpha(c, 110));
      track.setMarkerColor(withAlpha(c, 140));
      track.setLineStyle(new BasicStroke(1f));

      EarthquakeAlert last = versions.get(versions.size() - 1);
      XYSeries fin =
          chart.addSeries(
              label
                  + ": "
                  + (last.getFinalEstimate() ? "final" : "last")
                  + " v"
                  + last.getVersion(),
              new double[] {last.getLongitude()},
              new double[] {last.getLatitude()});
      fin.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      fin.setMarker(SeriesMarkers.CROSS);
      fin.setMarkerColor(c);
      fin.setShowInLegend(false);
      for (int sigma = 1; sigma <= 2; sigma++) {
        double[][] e = ellipse(last, sigma, 72);
        XYSeries el = chart.addSeries(label + ": " + sigma + "σ", e[0], e[1]);
        el.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        el.setMarker(SeriesMarkers.NONE);
        el.setLineColor(c);
        el.setLineStyle(
            sigma == 1
                ? new BasicStroke(2f)
                : new BasicStroke(
                    1.2f,
                    BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER,
                    10f,
                    new float[] {6f, 4f},
                    0f));
        el.setShowInLegend(false);
      }
    }
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    String name = png.toString();
    String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
    return Path.of(base + ".png");
  }

  /**
   * The {@code k}-σ ellipse of an alert's epicentre as (lon[], lat[]), closed: semi-axes k·σ_EW
   * east-west and k·σ_NS north-south, converted from km to degrees at the alert's latitude.
   */
  static double[][] ellipse(EarthquakeAlert a, double k, int points) {
    double kmPerDeg = Geodesy.KM_PER_DEGREE;
    double dLat = k * a.getLatitudeUncertaintyKm() / kmPerDeg;
    double dLon =
        k * a.getLongitudeUncertaintyKm() / (kmPerDeg * Math.cos(Math.toRadians(a.getLatitude())));
    double[] x = new double[points + 1];
    double[] y = new double[points + 1];
    for (int i = 0; i <= points; i++) {
      double t = 2 * Math.PI * i / points;
      x[i] = a.getLongitude() + dLon * Math.cos(t);
      y[i] = a.getLatitude() + dLat * Math.sin(t);
    }
    return new double[][] {x, y};
  }

  private static Color withAlpha(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }
}
