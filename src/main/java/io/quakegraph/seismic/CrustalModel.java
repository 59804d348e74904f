package io.quakegraph.seismic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A layered 1-D crustal velocity model over a half-space.
 *
 * <p>{@link #hadleyKanamori()} is the Southern California Seismic Network standard model of Hadley
 * and Kanamori (1977, GSA Bull. 88:1469-1478) as used for routine SCSN locations (Hutton, Woessner
 * and Hauksson 2010, BSSA 100(2)): layer tops 0, 5.5, 16, 32 km with Vp 5.5, 6.3, 6.7, 7.8 km/s and
 * Vs = Vp / 1.73. The same values are in {@code
 * ../shared/data/velocity/hadley_kanamori_1977_layers.txt}, which {@link #read} parses. Densities
 * are not part of the model; they come from Brocher's (2005, BSSA 95(6):2081-2092, eq. 1)
 * "Nafe-Drake" polynomial of Vp.
 */
public record CrustalModel(String name, List<Layer> layers) {

  /** One layer: top depth (km), P and S velocity (km/s), density (kg/m^3). */
  public record Layer(double topKm, double vpKmS, double vsKmS, double densityKgM3) {}

  /** Vp/Vs ratio of the SCSN model. */
  public static final double VP_VS = 1.73;

  /** Depth (km) down to which the sub-Moho half-space velocity is kept before ak135 takes over. */
  static final double HALF_SPACE_BOTTOM_KM = 120;

  public CrustalModel {
    layers = List.copyOf(layers);
    if (layers.isEmpty() || layers.get(0).topKm() != 0) {
      throw new IllegalArgumentException(name + ": a model needs a first layer at 0 km");
    }
    for (int i = 1; i < layers.size(); i++) {
      if (!(layers.get(i).topKm() > layers.get(i - 1).topKm())) {
        throw new IllegalArgumentException(name + ": layer tops must increase: " + layers);
      }
    }
  }

  /** The Hadley-Kanamori (1977) model with the published values (see class comment). */
  public static CrustalModel hadleyKanamori() {
    double[][] topVp = {{0.0, 5.5}, {5.5, 6.3}, {16.0, 6.7}, {32.0, 7.8}};
    List<Layer> l = new ArrayList<>();
    for (double[] tv : topVp) {
      l.add(new Layer(tv[0], tv[1], tv[1] / VP_VS, brocherDensity(tv[1])));
    }
    return new CrustalModel("hadley_kanamori_1977", l);
  }

  /**
   * Parses a layer file of {@code depth_top_km vp_km_s vs_km_s} lines ({@code #} comments), as in
   * {@code hadley_kanamori_1977_layers.txt}; densities from {@link #brocherDensity}.
   *
   * @throws IOException naming the file and line when a line is not three numbers
   */
  public static CrustalModel read(Path file) throws IOException {
    List<Layer> l = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        continue;
      }
      String[] p = s.split("\\s+");
      try {
        if (p.length != 3) {
          throw new NumberFormatException("expected 3 columns, got " + p.length);
        }
        double vp = Double.parseDouble(p[1]);
        l.add(
            new Layer(Double.parseDouble(p[0]), vp, Double.parseDouble(p[2]), brocherDensity(vp)));
      } catch (NumberFormatException e) {
        throw new IOException(file + " line " + lineNo + ": not a layer line '" + s + "'", e);
      }
    }
    String fn = file.getFileName().toString();
    return new CrustalModel(fn.replaceFirst("\\.[^.]*$", "").replaceFirst("_layers$", ""), l);
  }

  /**
   * Brocher (2005) eq. 1, density (kg/m^3) from Vp (km/s), valid 1.5-8.5 km/s: {@code rho = 1.6612
   * Vp - 0.4721 Vp^2 + 0.0671 Vp^3 - 0.0043 Vp^4 + 0.000106 Vp^5} g/cm^3.
   */
  public static double brocherDensity(double vpKmS) {
    double v = vpKmS;
    double g = v * (1.6612 + v * (-0.4721 + v * (0.0671 + v * (-0.0043 + v * 0.000106))));
    return 1000 * g;
  }

  /** The layer containing {@code depthKm} (the half-space below the last top). */
  public Layer layerAt(double depthKm) {
    Layer found = layers.get(0);
    for (Layer l : layers) {
      if (depthKm >= l.topKm()) {
        found = l;
      }
    }
    return found;
  }

  /**
   * The model as a TauP "named discontinuities" (.nd) velocity file: the crust, the half-space
   * velocity kept down to {@value #HALF_SPACE_BOTTOM_KM} km (Hadley-Kanamori has no mantle
   * gradient; rays to 700 km turn above this depth), then ak135 (Kennett et al. 1995, the {@code
   * ak135favg.nd} of the TauP jar) below for a complete Earth, which TauP requires.
   */
  public String toNd() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      boolean last = i == layers.size() - 1;
      double bottom = last ? HALF_SPACE_BOTTOM_KM : layers.get(i + 1).topKm();
      if (last) {
        sb.append("mantle\n");
      }
      String vals =
          String.format(
              Locale.ROOT, " %.4f %.4f %.4f%n", l.vpKmS(), l.vsKmS(), l.densityKgM3() / 1000);
      sb.append(String.format(Locale.ROOT, "%.3f", l.topKm())).append(vals);
      sb.append(String.format(Locale.ROOT, "%.3f", bottom)).append(vals);
    }
    String res = "/edu/sc/seis/TauP/StdModels/ak135favg.nd";
    try (InputStream in = CrustalModel.class.getResourceAsStream(res)) {
      if (in == null) {
        throw new IOException("TauP jar lacks " + res);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      String line;
      boolean below = false;
      while ((line = r.readLine()) != null) {
        String t = line.strip();
        String[] p = t.split("\\s+");
        if (p.length >= 4) {
          double depth = Double.parseDouble(p[0]);
          // Only strictly deeper samples; the first sample at the junction depth repeats it with
          // ak135 values, which makes the velocity step there a proper discontinuity.
          if (depth > HALF_SPACE_BOTTOM_KM || (depth == HALF_SPACE_BOTTOM_KM && !below)) {
            below = true;
            sb.append(p[0]).append(' ').append(p[1]).append(' ').append(p[2]).append(' ');
            sb.append(p[3]).append('\n');
          }
        } else if (below && !t.isEmpty()) {
          sb.append(t).append('\n');
        }
      }
    }
    return sb.toString();
  }
}
