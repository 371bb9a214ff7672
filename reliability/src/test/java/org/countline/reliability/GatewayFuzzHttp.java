package org.countline.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request, so that a fuzzed request can carry
 * what a well-behaved client library refuses to send: raw bytes in the request line and headers,
 * any method, a body with or without a length, chunked.
 */
final class GatewayFuzzHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final int port;

  GatewayFuzzHttp(int port) {
    this.port = port;
  }

  /** A request as sent: header values and the target are written byte for byte (ISO-8859-1). */
  record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body, boolean chunked) {
    String describe() {
      String shown = body == null ? "<no body>" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
      return method + " " + abbreviate(target) + " " + headers + (chunked ? " chunked" : "") + " body["
          + (body == null ? 0 : body.length) + "]=" + shown;
    }
  }

  /** The answer: status, headers (lower-case names), body text and body as JSON (missing when not JSON). */
  record Answer(int status, Map<String, String> headers, String body, JsonNode json) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + headers.get("content-type") + " " + abbreviate(body);
    }
  }

  Answer send(Request request) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(120_000);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.writeBytes((request.method() + " " + request.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
      head.writeBytes(("Host: localhost:" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
      for (Map.Entry<String, String> h : request.headers()) {
        head.writeBytes((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      if (request.body() != null) {
        head.writeBytes((request.chunked() ? "Transfer-Encoding: chunked\r\n"
            : "Content-Length: " + request.body().length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      head.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(head.toByteArray());
        if (request.body() != null) {
          if (request.chunked()) {
            writeChunked(out, request.body());
          } else {
            out.write(request.body());
          }
        }
        out.flush();
      } catch (SocketException e) {
        // The server may answer (413, say) and close before it has read all of a large body:
        // its answer is still there to read.
      }
      return parse(readAll(socket.getInputStream()));
    } catch (IOException e) {
      throw new IllegalStateException("no answer to " + request.describe() + ": " + e, e);
    }
  }

  private static void writeChunked(OutputStream out, byte[] body) throws IOException {
    int chunk = 64 * 1024;
    for (int i = 0; i < body.length; i += chunk) {
      int n = Math.min(chunk, body.length - i);
      out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, i, n);
      out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        all.write(buf, 0, n);
      }
    } catch (SocketException e) {
      // A reset after the answer was written: keep what arrived.
      if (all.size() == 0) {
        throw e;
      }
    }
    return all.toByteArray();
  }

  private static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      throw new IllegalStateException("not an HTTP answer: " + abbreviate(text));
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    String bodyText = new String(body, StandardCharsets.UTF_8);
    JsonNode json;
    try {
      json = bodyText.isEmpty() ? MissingNode.getInstance() : JSON.readTree(bodyText);
    } catch (IOException e) {
      json = MissingNode.getInstance();
    }
    return new Answer(status, headers, bodyText, json == null ? MissingNode.getInstance() : json);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int lineEnd = indexOf(body, i);
      if (lineEnd < 0) {
        break;
      }
      String size = new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(body, lineEnd + 2, Math.min(n, body.length - lineEnd - 2));
      i = lineEnd + 2 + n + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  static String abbreviate(String s) {
    return s == null ? null : s.length() <= 400 ? s : s.substring(0, 400) + "...(" + s.length() + " chars)";
  }

  static List<Map.Entry<String, String>> headers(String... namesAndValues) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        out.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
      }
    }
    return out;
  }
}
