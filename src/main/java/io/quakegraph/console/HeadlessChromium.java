package io.quakegraph.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quakegraph.ops.Folders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the Chrome DevTools protocol (a WebSocket of {@code
 * java.net.http}): open a page, evaluate JavaScript, take a screenshot, and collect every error the
 * page reports (uncaught exceptions, {@code console.error}, failed loads). For the console's
 * browser test and latency benchmark; the browser is Debian's {@code chromium} package, installed
 * by {@code scripts/install-chromium.sh}.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new ArrayList<>();

  /** The Chromium binary: {@code $QUAKEGRAPH_CHROMIUM}, else the first of the usual paths. */
  public static Optional<Path> find() {
    String env = System.getenv("QUAKEGRAPH_CHROMIUM");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    for (String p :
        List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(p))) {
        return Optional.of(Path.of(p));
      }
    }
    return Optional.empty();
  }

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Starts a headless browser with a fresh profile and a window of the given size. */
  public static HeadlessChromium launch(Path binary, int width, int height)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("qg-chromium");
    List<String> cmd =
        List.of(
            binary.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--remote-debugging-port=0",
            "--window-size=" + width + "," + height,
            "about:blank");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(Files.isRegularFile(portFile) && Files.readAllLines(portFile).size() >= 2)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IOException(
              "Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
        }
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String list =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      String ws = null;
      for (JsonNode t : JSON.readTree(list)) {
        if ("page".equals(t.path("type").asText())) {
          ws = t.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (ws == null) {
        throw new IOException("Chromium has no page target: " + list);
      }
      Listener listener = new Listener();
      WebSocket socket =
          http.newWebSocketBuilder().buildAsync(URI.create(ws), listener).get(30, TimeUnit.SECONDS);
      HeadlessChromium c = new HeadlessChromium(p, profile, socket);
      listener.owner = c;
      c.call("Runtime.enable", null);
      c.call("Log.enable", null);
      c.call("Page.enable", null);
      return c;
    } catch (Exception e) {
      p.destroyForcibly();
      Folders.deleteTreeQuietly(profile);
      if (e instanceof IOException io) {
        throw io;
      }
      if (e instanceof InterruptedException ie) {
        throw ie;
      }
      throw new IOException("cannot drive Chromium: " + e, e);
    }
  }

  /** Sends one DevTools command and waits for its result. */
  public JsonNode call(String method, ObjectNode params) throws IOException {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    if (params != null) {
      msg.set("params", params);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    try {
      socket.sendText(msg.toString(), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      JsonNode r = f.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new IOException(method + ": " + r.get("error"));
      }
      return r.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(method + " interrupted", e);
    } catch (Exception e) {
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException(method + " failed: " + e, e);
    } finally {
      pending.remove(id);
    }
  }

  /** Opens {@code url} and waits until the document has loaded. */
  public void open(String url) throws IOException, InterruptedException {
    ObjectNode p = JSON.createObjectNode();
    p.put("url", url);
    call("Page.navigate", p);
    long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
    while (!"complete".equals(eval("document.readyState").asText())) {
      if (System.nanoTime() > deadline) {
        throw new IOException(url + " did not load");
      }
      Thread.sleep(50);
    }
  }

  /** The value of a JavaScript expression (promises awaited). */
  public JsonNode eval(String expression) throws IOException {
    ObjectNode p = JSON.createObjectNode();
    p.put("expression", expression);
    p.put("returnByValue", true);
    p.put("awaitPromise", true);
    JsonNode r = call("Runtime.evaluate", p);
    if (r.has("exceptionDetails")) {
      throw new IOException("page threw on `" + expression + "`: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** A PNG of the viewport. */
  public byte[] screenshot() throws IOException {
    ObjectNode p = JSON.createObjectNode();
    p.put("format", "png");
    return Base64.getDecoder().decode(call("Page.captureScreenshot", p).path("data").asText());
  }

  /** Errors the page reported so far. */
  public List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  private void message(JsonNode m) {
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.get(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    String error =
        switch (method) {
          case "Runtime.exceptionThrown" ->
              "exception: "
                  + p.at("/exceptionDetails/exception/description")
                      .asText(p.at("/exceptionDetails/text").asText());
          case "Runtime.consoleAPICalled" ->
              "error".equals(p.path("type").asText()) || "assert".equals(p.path("type").asText())
                  ? "console." + p.path("type").asText() + ": " + p.path("args")
                  : null;
          case "Log.entryAdded" ->
              "error".equals(p.at("/entry/level").asText())
                  ? "log: " + p.at("/entry/text").asText() + " " + p.at("/entry/url").asText()
                  : null;
          default -> null;
        };
    if (error != null) {
      synchronized (errors) {
        errors.add(error);
      }
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    volatile HeadlessChromium owner;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String s = text.toString();
        text.setLength(0);
        try {
          HeadlessChromium o = owner;
          JsonNode m = JSON.readTree(s);
          // no command is sent before the owner is set, so nothing is lost before it
          if (o != null) {
            o.message(m);
          }
        } catch (IOException e) {
          // not JSON: the protocol never sends that
        }
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the browser goes anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Folders.deleteTreeQuietly(profile);
  }
}
