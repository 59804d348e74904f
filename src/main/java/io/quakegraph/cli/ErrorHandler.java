package io.quakegraph.cli;

import io.quakegraph.ops.PreflightException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failing command's error as one line an operator can act on; the stack trace only with
 * {@code QG_VERBOSE=1}, since a trace hides the message in the noise.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    String msg = ex.getMessage() != null ? ex.getMessage() : ex.toString();
    cmd.getErr().println("quakegraph " + cmd.getCommandName() + ": error: " + msg);
    if ("1".equals(System.getenv("QG_VERBOSE"))) {
      ex.printStackTrace(cmd.getErr());
    }
    // 2: the user can fix it (bad usage, a failed start-up check); 1: the program failed
    return ex instanceof IllegalArgumentException || ex instanceof PreflightException ? 2 : 1;
  }
}
