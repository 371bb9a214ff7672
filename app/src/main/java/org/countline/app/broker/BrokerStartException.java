package org.countline.app.broker;

import org.countline.app.UserFacingException;

/**
 * The embedded broker could not start for a reason the user can act on (a data directory it
 * cannot use, not ready in time); the message says which, in one line.
 */
public final class BrokerStartException extends UserFacingException {
  private static final long serialVersionUID = 1L;

  public BrokerStartException(String message) {
    super(message);
  }

  public BrokerStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
