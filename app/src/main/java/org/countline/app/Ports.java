package org.countline.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks on TCP ports before a server binds them, so that a clash reads as one plain sentence. */
public final class Ports {
  private Ports() {}

  /**
   * Returns {@code port} if nothing listens on it at {@code host}.
   *
   * @param what who wanted the port, for the message ("Kafka listener", "schema registry")
   * @throws UserFacingException when the port is in use
   */
  public static int requireFree(String host, int port, String what) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return port;
    } catch (IOException e) {
      throw new UserFacingException(
          "Port " + port + " is in use (" + what + "): stop what listens there or choose another port");
    }
  }

  /**
   * A port free on {@code host} right now. The caller binds it a moment later; another process
   * could take it in between, which then shows as a port in use.
   */
  public static int free(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + host, e);
    }
  }
}
