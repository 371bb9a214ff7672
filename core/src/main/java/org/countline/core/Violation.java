package org.countline.core;

/**
 * One reason a field event is refused: the field, in the contract's JSON terms
 * (e.g. {@code seizure.drugs[0].quantity}), and what is wrong with it.
 */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
