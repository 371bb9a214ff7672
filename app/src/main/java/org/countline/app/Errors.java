package org.countline.app;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns any exception into the one line the command line prints. */
final class Errors {
  private Errors() {}

  /**
   * The exception's own message, followed by its root cause's when that adds something: wrappers
   * such as {@link ExecutionException} say nothing of their own and are skipped.
   */
  static String oneLine(Throwable error) {
    Throwable top = error;
    while ((top instanceof ExecutionException || top instanceof CompletionException)
        && top.getCause() != null) {
      top = top.getCause();
    }
    String message = describe(top);
    Throwable root = top;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != top && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += ": " + root.getMessage();
    }
    return message.replaceAll("\\s*\\R\\s*", " ");
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getSimpleName();
    }
    return message;
  }
}
