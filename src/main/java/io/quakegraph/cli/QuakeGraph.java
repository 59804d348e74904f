package io.quakegraph.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point: every QuakeGraph process starts here. */
@Command(
    name = "quakegraph",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Streaming earthquake early warning with spatio-temporal graph neural networks.",
    subcommands = {
      DemoCommand.class,
      SynthCommand.class,
      DatasetCommand.class,
      BenchCommand.class,
      KafkaCommand.class,
      ReplayCommand.class,
      SeedLinkServerCommand.class,
      IngestCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      AlertsCommand.class,
      ConsoleCommand.class,
      JobCommand.class,
      CommandLine.HelpCommand.class
    })
public final class QuakeGraph implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: one-line errors for bad usage, exit code 2. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new QuakeGraph());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    return cl;
  }
}
