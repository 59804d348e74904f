package io.quakegraph.ops;

/**
 * A start-up check failed: the message is one line that says what is wrong and what to do. The CLI
 * prints it as is and exits with status 2, without a stack trace, because the operator can fix the
 * cause and the trace would only bury the line.
 */
public final class PreflightException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param problem what is wrong, naming the file, folder or address
   * @param remedy what to do about it
   */
  public PreflightException(String problem, String remedy) {
    super(oneLine(problem) + "; " + oneLine(remedy));
  }

  /** Newlines (e.g. from a parser's message) would break the one-line promise. */
  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
