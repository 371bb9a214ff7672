package org.countline.registry.serde;

/**
 * The Confluent wire format of a Kafka record key or value: one magic byte {@code 0}, the schema id
 * as a 4-byte big-endian int, then the Avro binary encoding of the datum.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0;

  /** Bytes before the Avro payload: the magic byte and the schema id. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /**
   * The schema id of an encoded record.
   *
   * @throws IllegalArgumentException when the bytes do not start with a wire-format header
   */
  public static int schemaId(byte[] data) {
    if (data == null || data.length < HEADER_LENGTH || data[0] != MAGIC_BYTE) {
      throw new IllegalArgumentException("Not in the Avro wire format (magic byte 0, 4-byte id)");
    }
    return readId(data);
  }

  static int readId(byte[] data) {
    return ((data[1] & 0xff) << 24)
        | ((data[2] & 0xff) << 16)
        | ((data[3] & 0xff) << 8)
        | (data[4] & 0xff);
  }
}
