package io.quakegraph.cli;

import picocli.CommandLine.IVersionProvider;

/** The software version, from the jar manifest when packaged. */
public final class Version implements IVersionProvider {
  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }

  @Override
  public String[] getVersion() {
    return new String[] {"quakegraph " + current()};
  }
}
