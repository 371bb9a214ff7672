package org.countline.bench.flink;

import java.io.ByteArrayOutputStream;
import org.countline.core.EventState;
import org.countline.core.Tally;

/**
 * What the job keeps per eventId: core's {@link EventState} as a Flink POJO, its contribution
 * as zig-zag varints (most of the 28 metrics are zero: one byte each), as Countline's own state
 * codec stores it. On the heap backend every checkpoint is a full snapshot, so the size of this
 * record is paid once a second for every event seen. The peer computes no daily totals, so the
 * local day is not kept.
 */
public class RememberedRevision {
  public int revision;
  public boolean withdrawn;
  public String operationId;
  public String force;
  public byte[] contribution;

  /** For Flink's POJO serializer. */
  public RememberedRevision() {}

  static RememberedRevision of(EventState state) {
    RememberedRevision r = new RememberedRevision();
    r.revision = state.revision();
    r.withdrawn = state.withdrawn();
    r.operationId = state.operationId();
    r.force = state.force();
    r.contribution = encode(state.contribution().toArray());
    return r;
  }

  EventState toEventState() {
    return new EventState(revision, operationId, force, 0, Tally.of(decode(contribution), 0), withdrawn);
  }

  static byte[] encode(long[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(values.length + 8);
    for (long v : values) {
      long zigzag = (v << 1) ^ (v >> 63);
      while ((zigzag & ~0x7FL) != 0) {
        out.write((int) ((zigzag & 0x7F) | 0x80));
        zigzag >>>= 7;
      }
      out.write((int) zigzag);
    }
    return out.toByteArray();
  }

  static long[] decode(byte[] bytes) {
    long[] values = new long[Tally.zero().toArray().length];
    int pos = 0;
    for (int i = 0; i < values.length; i++) {
      long zigzag = 0;
      int shift = 0;
      byte b;
      do {
        b = bytes[pos++];
        zigzag |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      values[i] = (zigzag >>> 1) ^ -(zigzag & 1);
    }
    return values;
  }
}
