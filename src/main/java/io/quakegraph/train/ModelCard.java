package io.quakegraph.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes {@code MODEL_CARD.md} into an exported model folder: what goes in (rate, window, units,
 * normalisation), what comes out, how it was trained (data, seeds, the exact command, from the
 * folder's {@code train-config.json} and {@code train-state.json}), and the evaluation tables.
 */
public final class ModelCard {
  private ModelCard() {}

  /**
   * @param modelDir the exported model folder
   * @param model the loaded model
   * @param report the evaluation
   * @param evalDescription what the evaluation set was (seed, events, network)
   * @param evalCommand the command that reproduces the evaluation
   */
  public static Path write(
      Path modelDir,
      GraphModel model,
      EvalReport report,
      String evalDescription,
      String evalCommand,
      String plotsDir)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode config = read(json, modelDir.resolve("train-config.json"));
    JsonNode state = read(json, modelDir.resolve("train-state.json"));
    ModelSpec s = model.spec();
    StringBuilder sb = new StringBuilder();
    sb.append("# Model card: ").append(modelDir.getFileName()).append("\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "A %s (%s) that estimates an earthquake's epicentre, depth, magnitude and origin time,"
                + " each with a 1σ uncertainty, from the first seconds of waveforms of a regional"
                + " network. %d parameters (%.2f MB on disk).%n%n",
            model.kind().equals("stgnn")
                ? "spatio-temporal graph neural network"
                : "graph convolutional baseline (van den Ende & Ampuero 2020)",
            model.kind(),
            model.parameterCount(),
            folderBytes(modelDir) / 1e6));
    sb.append("Load it with one call: `GraphModel.load(Path.of(\"")
        .append(modelDir.getFileName())
        .append("\"))` (or `Stgnn.load`). Files: `spec.json` (the `ModelSpec`), `encoder.params`")
        .append(" (per-station encoder), `head.params` (per-graph head), `train-config.json`,")
        .append(
            " `train-state.json`, `losses.csv` (loss per step) and its curve `losses.png`.\n\n");
    sb.append("## Inputs\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "- One graph per event and cut time `t`; every station's window ends at `t` (nothing"
                + " later is visible).%n"
                + "- Per station: 3 components Z, N, E of ground velocity in m/s (instrument"
                + " response removed), resampled to %s Hz, the last %d samples (%.2f s) before `t`;"
                + " unrecorded samples are zero. Each trace is divided by the station's peak |v|"
                + " over its 3 components in the window; log10(peak in m/s) is a node feature"
                + " (floor %s for a dead station), fed as (log10 peak + 5) / 2.%n"
                + "- Coordinates: a local equirectangular frame centred at %.4f°N %.4f°E with %.1f"
                + " km per unit (bounds %.3f..%.3f°N, %.3f..%.3f°E, stations' box + 60 km);"
                + " elevation km / 3.%n"
                + "- Live flag per station; masked (0) stations are ignored by every kNN and"
                + " pooling. Any station count 1-512, any order.%n"
                + "- Graph: %d dual EdgeConv layers, k = %d geographic and feature neighbours,"
                + " embedding %d, width %d.%n",
            EvalReport.key(s.sampleRate()),
            s.windowSamples(),
            s.windowSeconds(),
            io.quakegraph.model.GraphFeatures.LOG_PEAK_FLOOR,
            s.frame().refLat(),
            s.frame().refLon(),
            s.frame().kmPerUnit(),
            s.frame().minLat(),
            s.frame().maxLat(),
            s.frame().minLon(),
            s.frame().maxLon(),
            s.graphLayers(),
            s.k(),
            s.embeddingDim(),
            s.hidden()));
    if (s.usesPicks()) {
      sb.append(
          "- Pick features per station (`PickFeatures`, v2): the P onset of the stream's causal"
              + " STA/LTA trigger with AIC refinement (offline: the same trigger replayed step by"
              + " step, `CausalOnsets`) as a flag and (t - onset) / 10 s (none if older than"
              + " 60 s), and since the onset on the vertical: log10 Pd (displacement high-passed"
              + " at 0.075 Hz), log10 Pv, log10 Pa and log10 τc over the first 3 s. A live"
              + " station without an onset tells the head that the P has not reached it. Once"
              + " the job's association has formed the event, an onset more than 10 s before"
              + " its first one is not shown (a noise trigger the stream kept; `StreamOnsets`"
              + " applies the same offline).\n");
    }
    sb.append('\n');
    sb.append("## Outputs\n\n");
    sb.append(
        "`[B, 10]`: five means and five log-sigmas (Gaussian negative log-likelihood), decoded by"
            + " `LabelCodec`: northing and easting in frame units (latitude, longitude), depth"
            + " (d - 10 km) / 10 km, magnitude (M - 4) / 1, origin time (origin - t + 20 s) / 20 s;"
            + " σ = exp(bounded log-sigma) × the same scales. `Estimate` holds latitude, longitude,"
            + " depth km, Mw, origin epoch µs and σ north/east km, depth km, magnitude, origin s.\n\n");
    sb.append("## Training\n\n");
    if (config != null) {
      JsonNode d = config.path("data");
      sb.append(
          String.format(
              Locale.ROOT,
              "- Data: %s; stations: %s broadband active on %s (site seed %s); Mw %s-%s with a"
                  + " large-event share of %s; conditioning window %s s before to %s s after the"
                  + " origin, %s s filter pad.%n"
                  + "- **Training event seed %s; evaluation seed %s** (different streams: training"
                  + " and evaluation never share an event).%n"
                  + "- Early-warning regime: cut %s-%s s after the first P among the graph's"
                  + " stations; station dropout U[0, %s]; random subsets with probability %s"
                  + " (at least %s stations).%n"
                  + "- Optimiser: Adam (lr %s, %s warm-up steps, %s decay), gradient clipping at"
                  + " global norm %s; batch %s graphs, %s steps, seed %s; pool of %s events, one"
                  + " new every %s steps.%n",
              d.path("source").asText(),
              d.path("network").asText(),
              d.path("networkDate").asText(),
              d.path("siteSeed").asText(),
              d.path("minMagnitude").asText(),
              d.path("maxMagnitude").asText(),
              d.path("largeEventShare").asText(),
              d.path("windowBeforeOriginS").asText(),
              d.path("windowAfterOriginS").asText(),
              d.path("conditioningPadS").asText(),
              d.path("trainSeed").asText(),
              d.path("evalSeed").asText(),
              config.path("regime").path("minCutAfterPS").asText(),
              config.path("regime").path("maxCutAfterPS").asText(),
              config.path("augment").path("maxDropout").asText(),
              config.path("augment").path("subsetProbability").asText(),
              config.path("augment").path("minSubsetStations").asText(),
              config.path("optimiser").path("learningRate").asText(),
              config.path("optimiser").path("warmupSteps").asText(),
              config.path("optimiser").path("schedule").asText(),
              config.path("optimiser").path("clipNorm").asText(),
              config.path("batchSize").asText(),
              config.path("steps").asText(),
              config.path("seed").asText(),
              config.path("pool").path("events").asText(),
              config.path("pool").path("stepsPerNewEvent").asText()));
    }
    JsonNode staged = config == null ? null : config.get("staged");
    if (staged != null && !staged.isNull()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "- **Staged**: the encoder is `%s`'s, frozen; the head was trained alone on a cache of"
                  + " %s training events x %s cut times (log-stratified over the regime) of"
                  + " embeddings and node features, station subsets and dropout applied as masks"
                  + " on the cached nodes; %s of the events held out for the validation loss;"
                  + " depth weighted %s in the loss. The pool line above does not apply.%n",
              staged.path("encoder").asText(),
              staged.path("events").asText(),
              staged.path("cutsPerEvent").asText(),
              staged.path("validationShare").asText(),
              staged.path("depthWeight").asText()));
    }
    JsonNode base = config == null ? null : config.get("baseline");
    if (base != null
        && !base.isNull()
        && modelDir.getFileName().toString().equals(base.path("name").asText())) {
      int every = base.path("every").asInt(1);
      sb.append(
          String.format(
              Locale.ROOT,
              "- This is the run's baseline: one optimiser step every %d batches of the same"
                  + " stream (the very same graphs as the main model), %d steps with its own cosine"
                  + " schedule.%n",
              every,
              (config.path("steps").asInt() + every - 1) / every));
    }
    if (state != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              "- Run: %s steps, %.1f h of training on %s, %s events simulated.%n",
              state.path("step").asText(),
              state.path("elapsedSeconds").asDouble() / 3600,
              state.path("machine").asText("this machine"),
              state.path("eventsSimulated").asText()));
      if (state.has("command")) {
        // runs before the fix recorded the subcommand twice ("./quakegraph train train ...")
        String cmd =
            state
                .get("command")
                .asText()
                .replaceFirst("^\\./quakegraph (\\w+) \\1 ", "./quakegraph $1 ");
        sb.append("- Command: `").append(cmd).append("`\n");
      }
    }
    sb.append("\n## Evaluation\n\n");
    sb.append(evalDescription).append("\n\nCommand: `").append(evalCommand).append("`\n\n");
    sb.append("No station dropped:\n\n").append(report.markdown()).append('\n');
    sb.append("Median epicentral error (km) with stations dropped:\n\n")
        .append(report.dropoutMarkdown())
        .append('\n');
    sb.append("By true magnitude at 8 s:\n\n").append(report.magnitudeMarkdown()).append('\n');
    sb.append("Coverage per output:\n\n").append(report.coverageMarkdown()).append('\n');
    String targets = report.targetsMarkdown(model.kind());
    if (!targets.isEmpty()) {
      sb.append("Targets of the network alone:\n\n").append(targets).append('\n');
    }
    String fused = report.fusedTargetsMarkdown("fused");
    if (!fused.isEmpty()) {
      sb.append(
              "The published estimate is `fused`: this model's Gaussian as a prior times the"
                  + " travel-time likelihood of the P onsets (Student-t) and of the live stations"
                  + " that have not triggered, in the Hadley-Kanamori 1-D model, and for the"
                  + " magnitude the Hutton-Boore ML once S waves are in"
                  + " (`io.quakegraph.model.fusion`). Its targets:\n\n")
          .append(fused)
          .append('\n');
    }
    if (plotsDir != null) {
      sb.append("Plots: `").append(plotsDir).append("`.\n");
    }
    Path card = modelDir.resolve("MODEL_CARD.md");
    Files.writeString(card, sb.toString());
    return card;
  }

  private static JsonNode read(ObjectMapper json, Path f) throws IOException {
    return Files.isRegularFile(f) ? json.readTree(f.toFile()) : null;
  }

  private static long folderBytes(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }
}
