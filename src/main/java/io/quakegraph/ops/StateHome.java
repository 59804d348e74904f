package io.quakegraph.ops;

import java.nio.file.Path;

/**
 * The one folder where long-running commands keep what they need to resume: the job's checkpoints
 * and the SeedLink bridge's sequence numbers. {@code -Dquakegraph.state} wins over the environment
 * variable {@code QUAKEGRAPH_STATE}; the default is {@code ~/.quakegraph}, outside any checkout, so
 * that a run never writes into the sources and two checkouts share one resumable state.
 */
public final class StateHome {
  /** The environment variable that names the state folder. */
  public static final String ENV = "QUAKEGRAPH_STATE";

  private StateHome() {}

  /** The state folder (not created here: the writable check creates it). */
  public static Path root() {
    String prop = System.getProperty("quakegraph.state");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    return Path.of(System.getProperty("user.home"), ".quakegraph").toAbsolutePath().normalize();
  }

  /** The early-warning job's checkpoints. */
  public static Path jobCheckpoints() {
    return root().resolve("checkpoints").resolve("eew");
  }

  /** The SeedLink bridge's resume state. */
  public static Path ingest() {
    return root().resolve("ingest");
  }
}
