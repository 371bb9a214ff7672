package org.countline.gateway;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The officers' field app, served at {@value #PATH}: plain HTML, CSS and JavaScript kept in the
 * jar (no build step, nothing fetched from the internet). It reports through the gateway's own
 * {@code /v1} endpoints, keeps a queue of reports on the device and sends it when the signal
 * returns; its service worker ({@code /app/sw.js}, scope {@value #PATH}) caches the files below
 * so the app opens without a signal.
 *
 * <p>Only the files listed here are served, each with its own content type, {@code no-cache} (the
 * device revalidates, so an upgrade reaches it) and a strong ETag (so revalidation costs a 304 on
 * a weak signal).
 */
final class FieldApp {
  static final String PATH = "/app/";
  private static final String DIRECTORY = "app/";
  private static final String INDEX = "index.html";
  private static final String SERVICE_WORKER = "sw.js";

  /**
   * What the HTML may load and call: its own origin only. No inline script or style, so markup
   * that ever reached the page from a response could not run.
   */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none';"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** A file of the app: its bytes, content type and ETag. */
  private record Asset(byte[] body, String contentType, String etag) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  FieldApp() {
    add(INDEX, "text/html; charset=utf-8");
    add("app.css", "text/css; charset=utf-8");
    add("rules.js", "text/javascript; charset=utf-8");
    add("app.js", "text/javascript; charset=utf-8");
    add(SERVICE_WORKER, "text/javascript; charset=utf-8");
    add("manifest.webmanifest", "application/manifest+json; charset=utf-8");
    add("icon.svg", "image/svg+xml");
  }

  /** The names of the files served under {@value #PATH}, which the service worker caches too. */
  Iterable<String> files() {
    return assets.keySet();
  }

  /** {@code GET /app}: the app's files resolve relative to {@value #PATH}, so it is the one address. */
  void redirect(Context ctx) {
    if (ctx.path().endsWith("/")) {
      serve(ctx, INDEX);
    } else {
      ctx.redirect(PATH, HttpStatus.MOVED_PERMANENTLY);
    }
  }

  /** {@code GET /app/{file}}: one of the app's files, or the gateway's 404. */
  void file(Context ctx) {
    serve(ctx, ctx.pathParam("file"));
  }

  private void serve(Context ctx, String name) {
    Asset asset = assets.get(name);
    if (asset == null) {
      throw ApiException.of(404, "no such resource: GET " + ctx.path() + " (the field app is at " + PATH + ")");
    }
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", asset.etag());
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    if (name.equals(INDEX)) {
      ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
    if (name.equals(SERVICE_WORKER)) {
      // The worker lives at /app/sw.js and controls /app/ and below, nothing of the API's paths.
      ctx.header("Service-Worker-Allowed", PATH);
    }
    String match = ctx.header("If-None-Match");
    if (match != null && (match.equals(asset.etag()) || match.equals("*"))) {
      ctx.status(304);
      return;
    }
    ctx.status(200).contentType(asset.contentType()).result(asset.body());
  }

  private void add(String name, String contentType) {
    byte[] body = read(DIRECTORY + name);
    assets.put(name, new Asset(body, contentType, "\"" + sha256(body).substring(0, 32) + "\""));
  }

  private static byte[] read(String name) {
    try (InputStream in = FieldApp.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the field app's " + name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
