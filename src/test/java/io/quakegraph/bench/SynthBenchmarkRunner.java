package io.quakegraph.bench;

/** Manual runner (not a test): prints the synth benchmark figures. */
public final class SynthBenchmarkRunner {
  private SynthBenchmarkRunner() {}

  public static void main(String[] args) throws Exception {
    int st = args.length > 0 ? Integer.parseInt(args[0]) : 185;
    int ev = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    System.out.println(SynthBenchmark.run(st, ev, 60, 1, System.out));
  }
}
