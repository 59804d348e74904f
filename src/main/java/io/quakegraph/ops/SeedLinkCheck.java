package io.quakegraph.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A SeedLink server answers HELLO (its software line), within a few seconds. */
public final class SeedLinkCheck {
  /** Connect and answer timeout, each. */
  static final int TIMEOUT_MS = 4000;

  private SeedLinkCheck() {}

  /**
   * Says HELLO and reads the first line of the answer.
   *
   * @return the server's software line
   */
  public static String hello(String host, int port) {
    String where = host + ":" + port;
    String remedy =
        "start the server (e.g. `quakegraph seedlink-server --archive DIR --port "
            + port
            + "`) or fix --seedlink";
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      OutputStream out = s.getOutputStream();
      out.write("HELLO\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      String line = in.readLine();
      if (line == null || line.isBlank()) {
        throw new PreflightException(
            "SeedLink server " + where + " closed the connection without answering HELLO", remedy);
      }
      return line.strip();
    } catch (SocketTimeoutException e) {
      throw new PreflightException(
          "SeedLink server " + where + " did not answer within " + TIMEOUT_MS / 1000 + " s",
          remedy);
    } catch (IOException e) {
      throw new PreflightException(
          "SeedLink server " + where + " is not reachable (" + e.getMessage() + ")", remedy);
    }
  }
}
