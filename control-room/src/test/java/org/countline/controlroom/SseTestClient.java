package org.countline.controlroom;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Server-Sent Events client as a browser's EventSource reads the stream: {@code event:} and
 * {@code data:} lines up to a blank line make one event; lines starting with {@code :} are
 * comments. Events are queued for the test to take with a time limit.
 */
final class SseTestClient implements AutoCloseable {
  record Event(String name, String data) {
    JsonNode json() {
      return Http.parse(data);
    }
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicInteger comments = new AtomicInteger();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final InputStream body;
  private final int status;
  private volatile IOException readError;

  private SseTestClient(HttpResponse<InputStream> response) {
    this.status = response.statusCode();
    this.body = response.body();
    Thread reader = new Thread(this::read, "sse-test-client");
    reader.setDaemon(true);
    reader.start();
  }

  static SseTestClient connect(String url) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET().build();
    return new SseTestClient(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream()));
  }

  int status() {
    return status;
  }

  /** The next event, or an assertion error when none comes within {@code timeout}. */
  Event next(Duration timeout) throws InterruptedException {
    Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("no event within " + timeout.toMillis() + " ms");
    }
    return event;
  }

  /** Why reading stopped, when it was not the end of the stream. */
  IOException readError() {
    return readError;
  }

  int comments() {
    return comments.get();
  }

  /** True once the server ended the stream within {@code timeout}. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String name = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(name == null ? "message" : name, data.toString()));
          }
          name = null;
          data.setLength(0);
        } else if (line.startsWith(":")) {
          comments.incrementAndGet();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(5).stripLeading());
        }
      }
    } catch (IOException e) {
      // The test closed the stream, or the server went away: either way, the stream has ended.
      readError = e;
    } finally {
      ended.countDown();
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
