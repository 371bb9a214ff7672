package org.countline.gateway;

import java.util.List;
import java.util.Map;
import org.countline.core.Violation;

/**
 * A request the gateway answers with an error: the status and the contract's error body
 * {@code {"errors": [{"field", "message"}]}}, plus any extra fields (the eventId of a 503, so the
 * client can resend the same event) and headers. Thrown by handlers, written by the server's
 * exception mapper; never carries a stack trace to the client.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The field of errors about the request as a whole. */
  static final String WHOLE = "$";

  private final int status;
  private final transient List<Violation> errors;
  private final transient Map<String, Object> extra;
  private final transient Map<String, String> headers;

  ApiException(int status, List<Violation> errors, Map<String, Object> extra, Map<String, String> headers) {
    super(status + " " + errors, null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
    this.extra = Map.copyOf(extra);
    this.headers = Map.copyOf(headers);
  }

  static ApiException of(int status, String field, String message) {
    return new ApiException(status, List.of(new Violation(field, message)), Map.of(), Map.of());
  }

  static ApiException of(int status, String message) {
    return of(status, WHOLE, message);
  }

  static ApiException invalid(List<Violation> violations) {
    return new ApiException(400, violations, Map.of(), Map.of());
  }

  ApiException with(String field, Object value) {
    Map<String, Object> more = new java.util.LinkedHashMap<>(extra);
    more.put(field, value);
    return new ApiException(status, errors, more, headers);
  }

  ApiException withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiException(status, errors, extra, more);
  }

  int status() {
    return status;
  }

  List<Violation> errors() {
    return errors;
  }

  Map<String, Object> extra() {
    return extra;
  }

  Map<String, String> headers() {
    return headers;
  }
}
