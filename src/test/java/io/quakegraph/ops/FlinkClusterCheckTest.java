package io.quakegraph.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;

/**
 * What {@code quakegraph job --cluster} says about the address it is given, against a real HTTP
 * server on a loopback port that answers as a Flink REST endpoint would (or would not).
 */
class FlinkClusterCheckTest {

  /** Serves {@code body} with {@code status} on every path; returns HOST:PORT. */
  private static HttpServer serve(int status, String body) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(
        "/",
        ex -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, b.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
          }
        });
    s.start();
    return s;
  }

  private static String address(HttpServer s) {
    return "127.0.0.1:" + s.getAddress().getPort();
  }

  @Test
  void aClusterOfTheJobsFlinkVersionIsDescribed() throws Exception {
    HttpServer s =
        serve(
            200,
            "{\"taskmanagers\":2,\"slots-total\":4,\"slots-available\":3,\"flink-version\":\""
                + EnvironmentInformation.getVersion()
                + "\"}");
    try {
      FlinkClusterCheck.Overview o = FlinkClusterCheck.reachable(address(s));
      assertEquals(new FlinkClusterCheck.Overview(EnvironmentInformation.getVersion(), 2, 4, 3), o);
    } finally {
      s.stop(0);
    }
  }

  @Test
  void anotherFlinkVersionIsRefused() throws Exception {
    HttpServer s = serve(200, "{\"taskmanagers\":1,\"flink-version\":\"1.20.1\"}");
    try {
      PreflightException e =
          assertThrows(PreflightException.class, () -> FlinkClusterCheck.reachable(address(s)));
      assertTrue(e.getMessage().contains("runs Flink 1.20.1"), e.getMessage());
      assertTrue(e.getMessage().contains("the job is built for 2.2"), e.getMessage());
    } finally {
      s.stop(0);
    }
  }

  @Test
  void somethingElseThanFlinkIsNamedAsSuch() throws Exception {
    HttpServer s = serve(404, "<html>not here</html>");
    try {
      PreflightException e =
          assertThrows(PreflightException.class, () -> FlinkClusterCheck.reachable(address(s)));
      assertTrue(e.getMessage().contains("not as a Flink REST endpoint"), e.getMessage());
      assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    } finally {
      s.stop(0);
    }
  }

  @Test
  void aMalformedAddressSaysWhatToGive() {
    for (String bad : new String[] {"localhost", ":8081", "host:port", "host:70000"}) {
      PreflightException e =
          assertThrows(PreflightException.class, () -> FlinkClusterCheck.reachable(bad));
      assertTrue(e.getMessage().contains("give --cluster as HOST:PORT"), e.getMessage());
    }
  }

  @Test
  void majorAndMinorOfAVersion() {
    assertEquals("2.2", FlinkClusterCheck.majorMinor("2.2.1"));
    assertEquals("2.2", FlinkClusterCheck.majorMinor("2.2-SNAPSHOT"));
    assertEquals("1.20", FlinkClusterCheck.majorMinor("1.20.0"));
  }
}
