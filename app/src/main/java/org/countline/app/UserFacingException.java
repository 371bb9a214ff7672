package org.countline.app;

/**
 * A failure the user can act on (a port in use, a broker out of reach); its message is the whole
 * story, printed without a stack trace or a "--verbose for details" hint.
 */
public class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserFacingException(String message) {
    super(message);
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
