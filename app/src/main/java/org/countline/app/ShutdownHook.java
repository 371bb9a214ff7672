package org.countline.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a command's services running until the JVM is told to stop (Ctrl-C, SIGTERM), then closes
 * them, newest first, from one named shutdown hook, within a time limit: a service that hangs
 * cannot keep the process alive.
 *
 * <pre>{@code
 * try (ShutdownHook hook = ShutdownHook.install("countline-broker", Duration.ofSeconds(30))) {
 *   EmbeddedBroker broker = hook.closeOnStop(new EmbeddedBroker(dir, 9092, 9093)).start();
 *   hook.awaitStop();
 * }
 * }</pre>
 *
 * Closing it without a signal (a failed start, a test) closes the services at once and removes
 * the hook.
 */
public final class ShutdownHook implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShutdownHook.class);

  private final String name;
  private final Duration timeout;
  private final Thread hook;
  private final Deque<AutoCloseable> services = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closing;

  private ShutdownHook(String name, Duration timeout) {
    this.name = name;
    this.timeout = timeout;
    this.hook = new Thread(this::closeWithinTimeout, name + "-shutdown");
  }

  /** Registers a shutdown hook named {@code NAME-shutdown}. */
  public static ShutdownHook install(String name, Duration timeout) {
    ShutdownHook shutdownHook = new ShutdownHook(name, timeout);
    Runtime.getRuntime().addShutdownHook(shutdownHook.hook);
    return shutdownHook;
  }

  /** Has {@code service} closed on stop, before every service registered earlier. */
  public synchronized <T extends AutoCloseable> T closeOnStop(T service) {
    if (closing) {
      throw new IllegalStateException(name + " is stopping");
    }
    services.push(service);
    return service;
  }

  /** Blocks until the services have been closed (by a signal or by {@link #close()}). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Waits up to {@code wait} for the services to be closed; true once they have been. */
  public boolean awaitStop(Duration wait) throws InterruptedException {
    return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Closes the services now, in this thread, and removes the shutdown hook. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // The hook is running or has run: it closes the services; wait for it, within its limit.
      awaitQuietly();
      return;
    }
    closeAll();
  }

  private void closeWithinTimeout() {
    log.info("Stopping {}...", name);
    Thread closer = new Thread(this::closeAll, name + "-closer");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      log.warn("{} did not stop within {} s; exiting anyway", name, timeout.toSeconds());
    } else {
      log.info("{} stopped", name);
    }
  }

  private void closeAll() {
    synchronized (this) {
      closing = true;
    }
    try {
      AutoCloseable service;
      while ((service = nextToClose()) != null) {
        try {
          service.close();
        } catch (Exception e) {
          log.warn("Error while stopping {}: {}", service.getClass().getSimpleName(), e.toString(), e);
        }
      }
    } finally {
      stopped.countDown();
    }
  }

  private synchronized AutoCloseable nextToClose() {
    return services.poll();
  }

  private void awaitQuietly() {
    try {
      if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.debug("{} still stopping", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
