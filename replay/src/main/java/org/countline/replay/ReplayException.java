package org.countline.replay;

/** A replay that cannot be done as asked (unknown operation, topic missing, broker silent); the message says why. */
public class ReplayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReplayException(String message) {
    super(message);
  }

  public ReplayException(String message, Throwable cause) {
    super(message, cause);
  }
}
