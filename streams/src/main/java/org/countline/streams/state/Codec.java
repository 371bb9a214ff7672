package org.countline.streams.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small binary writer and reader (zig-zag varints and length-prefixed UTF-8) for the values of
 * internal state stores and repartition topics. These never leave Countline's own application,
 * so they skip the schema registry: most metrics are zero and encode in one byte each.
 */
final class Codec {
  private Codec() {}

  static final class Writer {
    private byte[] buf = new byte[64];
    private int pos;

    Writer varLong(long value) {
      long v = (value << 1) ^ (value >> 63);
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
      return this;
    }

    Writer string(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      varLong(bytes.length);
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, pos, bytes.length);
      pos += bytes.length;
      return this;
    }

    Writer bool(boolean b) {
      ensure(1);
      buf[pos++] = (byte) (b ? 1 : 0);
      return this;
    }

    byte[] toBytes() {
      return Arrays.copyOf(buf, pos);
    }

    private void ensure(int more) {
      if (pos + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
      }
    }
  }

  static final class Reader {
    private final byte[] buf;
    private int pos;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    long varLong() {
      long raw = 0;
      int shift = 0;
      while (true) {
        if (pos >= buf.length) {
          throw new IllegalArgumentException("truncated state value");
        }
        byte b = buf[pos++];
        raw |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
        if (shift > 63) {
          throw new IllegalArgumentException("malformed varint in state value");
        }
      }
      return (raw >>> 1) ^ -(raw & 1);
    }

    String string() {
      int len = (int) varLong();
      if (len < 0 || pos + len > buf.length) {
        throw new IllegalArgumentException("truncated string in state value");
      }
      String s = new String(buf, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    boolean bool() {
      if (pos >= buf.length) {
        throw new IllegalArgumentException("truncated state value");
      }
      return buf[pos++] != 0;
    }
  }
}
