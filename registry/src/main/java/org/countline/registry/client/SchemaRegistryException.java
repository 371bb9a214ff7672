package org.countline.registry.client;

/**
 * A schema registry refused a request, or could not be reached.
 *
 * <p>Carries the HTTP status and the registry's own error code, as the Confluent Schema Registry
 * REST API reports them ({@code {"error_code": 40401, "message": "..."}}), so callers can tell a
 * missing subject from an incompatible schema without parsing messages. The in-memory registry and
 * {@code RegistryServer} raise the same codes.
 */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** HTTP status used when no HTTP response was received at all (connection refused, timeout). */
  public static final int NO_RESPONSE = 0;

  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INVALID_SCHEMA = 42201;
  public static final int INVALID_VERSION = 42202;
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  public static final int UNAUTHORIZED = 401;
  public static final int STORE_ERROR = 50001;
  public static final int OPERATION_TIMEOUT = 50002;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(int httpStatus, int errorCode, String message) {
    this(httpStatus, errorCode, message, null);
  }

  public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the response, or {@link #NO_RESPONSE} when none arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The registry's error code, e.g. {@link #SUBJECT_NOT_FOUND}; the HTTP status when it gave none.
   */
  public int errorCode() {
    return errorCode;
  }

  public boolean isNotFound() {
    return httpStatus == 404;
  }

  public static SchemaRegistryException subjectNotFound(String subject) {
    return new SchemaRegistryException(
        404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
  }

  public static SchemaRegistryException versionNotFound(String subject, Object version) {
    return new SchemaRegistryException(
        404, VERSION_NOT_FOUND, "Version " + version + " not found for subject '" + subject + "'.");
  }

  public static SchemaRegistryException schemaNotFound(String detail) {
    return new SchemaRegistryException(404, SCHEMA_NOT_FOUND, "Schema not found: " + detail);
  }

  public static SchemaRegistryException invalidSchema(String detail) {
    return new SchemaRegistryException(422, INVALID_SCHEMA, "Invalid schema: " + detail);
  }

  public static SchemaRegistryException invalidVersion(String version) {
    return new SchemaRegistryException(
        422,
        INVALID_VERSION,
        "The specified version '"
            + version
            + "' is not a valid version id. Allowed values are"
            + " between [1, 2^31-1] and the string \"latest\"");
  }

  public static SchemaRegistryException invalidCompatibilityLevel(String level) {
    return new SchemaRegistryException(
        422, INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level: " + level);
  }

  @Override
  public String toString() {
    return getClass().getName()
        + ": "
        + getMessage()
        + " (HTTP "
        + httpStatus
        + ", error code "
        + errorCode
        + ")";
  }
}
