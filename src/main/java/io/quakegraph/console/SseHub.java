package io.quakegraph.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Server-sent events to every open page. Each page has its own queue, drained by the HTTP thread
 * that serves it, so a slow page never holds up the Kafka threads or the other pages; a page whose
 * queue overflows is dropped (its EventSource reconnects and gets a fresh snapshot).
 */
final class SseHub {
  private static final int QUEUE = 10_000;
  private static final long KEEPALIVE_MS = 10_000;

  private final List<BlockingQueue<String>> clients = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** Sends an event of type {@code type} to every page. */
  synchronized void broadcast(String type, JsonNode data) {
    if (clients.isEmpty()) {
      return;
    }
    String frame = frame(type, data);
    for (BlockingQueue<String> q : clients) {
      if (!q.offer(frame)) {
        clients.remove(q);
        q.clear();
        q.offer(CLOSE);
      }
    }
  }

  int clients() {
    return clients.size();
  }

  private static final String CLOSE = "\u0000close";

  private static String frame(String type, JsonNode data) {
    return "event: " + type + "\ndata: " + data.toString() + "\n\n";
  }

  /**
   * Serves one page until it goes away: headers, the snapshot, then every broadcast. The snapshot
   * is taken while no broadcast runs, so the page misses nothing between the two.
   */
  void serve(HttpExchange ex, Supplier<JsonNode> snapshot) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    BlockingQueue<String> q = new LinkedBlockingQueue<>(QUEUE);
    synchronized (this) {
      q.offer("retry: 1000\n\n" + frame("snapshot", snapshot.get()));
      clients.add(q);
    }
    try (OutputStream out = ex.getResponseBody()) {
      while (!closed) {
        String f;
        try {
          f = q.poll(KEEPALIVE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (f == CLOSE) {
          break;
        }
        // a comment line keeps proxies from timing the stream out and finds closed pages
        out.write((f == null ? ": keepalive\n\n" : f).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException gone) {
      // the page closed: nothing to do but forget it
    } finally {
      clients.remove(q);
      ex.close();
    }
  }

  void close() {
    closed = true;
    for (BlockingQueue<String> q : clients) {
      q.offer(CLOSE);
    }
  }
}
