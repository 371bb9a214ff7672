package org.countline.streams;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countline.avro.Force;
import org.countline.avro.Operation;
import org.countline.core.EventValidator;
import org.countline.core.ForceInfo;
import org.countline.streams.state.BufferedTable;

/**
 * What a task needs to rebuild its event revisions from the events topic instead of a changelog
 * record per event (see {@link RevisionRebuild}): the offset of the last field event it processed,
 * and the reference data that its decisions read, by position.
 *
 * <p>Whether an event counts depends on the reference data at the time it was processed (an
 * operation's window may be extended, a force added); decided again with today's reference data,
 * an event refused then could count now, and a later amendment would take out what was never
 * added. So each look-up that reaches the global stores (once per key until the reference data
 * changes) is recorded here with the offset of the record it was made for; a rebuild replays the
 * events with the values recorded at or before each offset, which are the values the processor
 * used. A few hundred entries a week: written with the totals, at commit, in the same transaction
 * as the input offsets, so the log always matches the totals it is restored with.
 */
final class RebuildLog {
  private static final String POSITION = "position";
  private static final String READ = "read|";
  private static final char OPERATION = 'O';
  private static final char FORCE = 'F';
  private static final byte[] ABSENT = new byte[0];

  private final BufferedTable<byte[]> table;
  private final TotalsSerdes serdes;

  RebuildLog(BufferedTable<byte[]> table, TotalsSerdes serdes) {
    this.table = table;
    this.serdes = serdes;
  }

  /** The offset of the last field event processed, or -1 before the first. */
  long lastProcessed() {
    byte[] position = table.get(POSITION);
    return position == null ? -1 : ByteBuffer.wrap(position).getLong();
  }

  void processed(long offset) {
    table.put(POSITION, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
  }

  /** Records that the look-up of operation {@code id} for the record at {@code position} found {@code value} (null: none). */
  void operationRead(long position, String id, Operation value) {
    record(position, OPERATION, id, value == null ? ABSENT : serdes.operations().serializer().serialize(Topics.OPERATIONS, value));
  }

  /** Records that the look-up of force {@code code} for the record at {@code position} found {@code value} (null: none). */
  void forceRead(long position, String code, Force value) {
    record(position, FORCE, code, value == null ? ABSENT : serdes.forces().serializer().serialize(Topics.FORCES, value));
  }

  private void record(long position, char kind, String id, byte[] value) {
    // Zero-padded, so that the keys sort by position; a later read of the same key for the same
    // position replaces the earlier one, as it replaced it in the processor's cache.
    table.put(READ + String.format("%019d", position) + '|' + kind + '|' + id, value);
  }

  /** The recorded reads, to be replayed in order of position. */
  Replay replay() {
    List<String> keys = new ArrayList<>();
    table.forEach((key, value) -> {
      if (key.startsWith(READ)) {
        keys.add(key);
      }
    });
    keys.sort(null);
    return new Replay(keys);
  }

  /** The reference data as the processor saw it, moved forward record by record. */
  final class Replay implements EventValidator.Lookup {
    private final List<String> keys;
    private int next;
    private long position = -1;
    private final Map<String, Optional<Operation>> operations = new HashMap<>();
    private final Map<String, Optional<ForceInfo>> forces = new HashMap<>();

    private Replay(List<String> keys) {
      this.keys = keys;
    }

    /** Applies every read recorded at or before {@code offset}. */
    void advanceTo(long offset) {
      position = offset;
      int positionEnd = READ.length() + 19;
      while (next < keys.size()) {
        String key = keys.get(next);
        if (Long.parseLong(key, READ.length(), positionEnd, 10) > offset) {
          return;
        }
        char kind = key.charAt(positionEnd + 1);
        String id = key.substring(positionEnd + 3);
        byte[] value = table.get(key);
        if (kind == OPERATION) {
          operations.put(id, value.length == 0 ? Optional.empty()
              : Optional.of(serdes.operations().deserializer().deserialize(Topics.OPERATIONS, value)));
        } else {
          forces.put(id, value.length == 0 ? Optional.empty()
              : Optional.of(ForceInfo.fromAvro(serdes.forces().deserializer().deserialize(Topics.FORCES, value))));
        }
        next++;
      }
    }

    @Override
    public Optional<Operation> operation(String id) {
      return recorded(operations.get(id), "operation", id);
    }

    @Override
    public Optional<ForceInfo> force(String code) {
      return recorded(forces.get(code), "force", code);
    }

    /**
     * Every look-up the processor made reached the global stores and was recorded, or used what
     * was; a look-up with nothing recorded means the log does not match the events topic.
     */
    private <T> Optional<T> recorded(Optional<T> value, String what, String id) {
      if (value == null) {
        throw new IllegalStateException("no reference data was recorded for " + what + " '" + id
            + "' at or before offset " + position + " of the events topic: the rebuild log does not match the events");
      }
      return value;
    }
  }
}
