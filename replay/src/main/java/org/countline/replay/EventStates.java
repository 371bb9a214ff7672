package org.countline.replay;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.countline.core.EventState;
import org.countline.core.Metric;
import org.countline.core.Tally;

/**
 * What the replay remembers of each event of one partition, by eventId: the {@link EventState}
 * that core's {@code RevisionRule} decides from, stored flat.
 *
 * <p>Why not a {@code HashMap<String, EventState>}: a replay remembers every event of a week, and
 * one {@code EventState} with its {@code Tally} of 28 longs, its key and its map node is about
 * 420 bytes in six objects per event, scattered over the heap. Here an event is a record appended
 * to a few parallel arrays (its id as two longs, since a valid eventId is a UUID; revision, local
 * day, force number, withdrawn flag, and where its contribution starts in a pool that keeps only
 * the non-zero figures), found through an open-addressing index of one long per slot: 32 bits of
 * the id's hash and the record's number. A million events take about 80 MB in a handful of large
 * arrays that the garbage collector does not trace. Looking up a new id, the common case, reads
 * only the dense index; records are written in order. An id not in the canonical lower-case UUID
 * spelling is kept in an ordinary map under its exact text, as the live store keys it.
 *
 * <p>{@link #get} rebuilds the {@link EventState} that {@link #put} was given. A {@code put} right
 * after a {@code get} of the same id reuses the slot that the {@code get} found.
 */
final class EventStates {
  private static final Metric[] METRICS = Metric.values();
  private static final int WITHDRAWN = 1 << 31;
  private static final long EMPTY = 0;

  private final String operationId;
  private final ForceIndex forces;

  /** Per slot: the high 32 bits of the id's hash, then the record's number + 1; 0 when empty. */
  private long[] index;
  private int mask;
  private int resizeAt;

  // One record per event, in the order first seen.
  private int size;
  private long[] high = new long[1024];
  private long[] low = new long[1024];
  private int[] revision = new int[1024];
  private int[] epochDay = new int[1024];
  private int[] forceAndFlags = new int[1024];
  private int[] contribution = new int[1024];

  /** Contributions: a bit mask of the non-zero metrics, then their values in Metric order. */
  private long[] pool = new long[4096];
  private int poolSize;

  private final Map<String, EventState> uncommonIds = new HashMap<>();

  // The id last looked up: its parsed bits, its hash, and its slot in the index (a get is nearly
  // always followed by a put of the same id).
  private String lastId;
  private long lastHigh;
  private long lastLow;
  private int lastHash;
  private int lastSlot;

  EventStates(String operationId, ForceIndex forces) {
    this.operationId = operationId;
    this.forces = forces;
    allocate(2048);
  }

  private void allocate(int slots) {
    index = new long[slots];
    mask = slots - 1;
    resizeAt = (int) (slots * 0.6);
  }

  int size() {
    return size + uncommonIds.size();
  }

  /** What is remembered of the event, or null. */
  EventState get(String eventId) {
    if (!locate(eventId)) {
      return uncommonIds.get(eventId);
    }
    long entry = index[lastSlot];
    if (entry == EMPTY) {
      return null;
    }
    int r = (int) entry - 1;
    int flags = forceAndFlags[r];
    return new EventState(revision[r], operationId, forces.code(flags & ~WITHDRAWN), epochDay[r],
        decode(contribution[r]), (flags & WITHDRAWN) != 0);
  }

  /** Remembers {@code state} as what counts for the event from now on. */
  void put(String eventId, EventState state) {
    put(eventId, state, forces.of(state.force()));
  }

  /** {@link #put(String, EventState)} when the caller knows the number of the state's force. */
  void put(String eventId, EventState state, int force) {
    if (!operationId.equals(state.operationId())) {
      throw new IllegalArgumentException("event " + eventId + " is of operation " + state.operationId() + ", not " + operationId);
    }
    if (force < 0 || !forces.code(force).equals(state.force())) {
      throw new IllegalArgumentException("event " + eventId + " is of force " + state.force() + ", not force number " + force);
    }
    if (!locate(eventId)) {
      uncommonIds.put(eventId, state);
      return;
    }
    long entry = index[lastSlot];
    int r;
    if (entry == EMPTY) {
      r = append();
      high[r] = lastHigh;
      low[r] = lastLow;
      index[lastSlot] = ((long) lastHash << 32) | (r + 1L);
      if (size > resizeAt) {
        grow();
        lastId = null;
      }
    } else {
      r = (int) entry - 1;
    }
    revision[r] = state.revision();
    epochDay[r] = state.epochDay();
    forceAndFlags[r] = force | (state.withdrawn() ? WITHDRAWN : 0);
    contribution[r] = encode(state.contribution());
  }

  private int append() {
    if (size == high.length) {
      int n = size * 2;
      high = Arrays.copyOf(high, n);
      low = Arrays.copyOf(low, n);
      revision = Arrays.copyOf(revision, n);
      epochDay = Arrays.copyOf(epochDay, n);
      forceAndFlags = Arrays.copyOf(forceAndFlags, n);
      contribution = Arrays.copyOf(contribution, n);
    }
    return size++;
  }

  /**
   * Parses a canonical id and finds its slot, or the free slot where it would go; false when the
   * id is not canonical.
   */
  private boolean locate(String id) {
    if (id != null && id == lastId) {
      return true;
    }
    if (!parse(id)) {
      return false;
    }
    lastId = id;
    lastHash = hash(lastHigh, lastLow);
    lastSlot = find(lastHash, lastHigh, lastLow);
    return true;
  }

  /** The slot of the id, or the empty slot where it would go. Only a matching hash reads the record. */
  private int find(int hash, long h, long l) {
    int i = hash & mask;
    while (true) {
      long entry = index[i];
      if (entry == EMPTY) {
        return i;
      }
      if ((int) (entry >>> 32) == hash) {
        int r = (int) entry - 1;
        if (high[r] == h && low[r] == l) {
          return i;
        }
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] old = index;
    allocate(old.length * 2);
    for (long entry : old) {
      if (entry != EMPTY) {
        int i = (int) (entry >>> 32) & mask;
        while (index[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        index[i] = entry;
      }
    }
  }

  private int encode(Tally tally) {
    if (poolSize + 1 + METRICS.length > pool.length) {
      pool = Arrays.copyOf(pool, pool.length * 2);
    }
    int offset = poolSize;
    long bits = 0;
    int next = offset + 1;
    for (Metric m : METRICS) {
      long v = tally.get(m);
      if (v != 0) {
        bits |= 1L << m.ordinal();
        pool[next++] = v;
      }
    }
    pool[offset] = bits;
    poolSize = next;
    return offset;
  }

  private Tally decode(int offset) {
    Tally t = new Tally();
    long bits = pool[offset];
    int next = offset + 1;
    while (bits != 0) {
      t.set(METRICS[Long.numberOfTrailingZeros(bits)], pool[next++]);
      bits &= bits - 1;
    }
    return t;
  }

  private static int hash(long high, long low) {
    long x = high * 0x9E3779B97F4A7C15L + low;
    x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
    return (int) (x ^ (x >>> 29));
  }

  /**
   * Reads the canonical lower-case {@code 8-4-4-4-12} spelling of a UUID into {@link #lastHigh}
   * and {@link #lastLow}; false for any other text.
   */
  private boolean parse(String id) {
    if (id == null || id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
        || id.charAt(23) != '-') {
      return false;
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 36; i++) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        continue;
      }
      char c = id.charAt(i);
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else {
        return false;
      }
      if (i < 19) {
        high = (high << 4) | d;
      } else {
        low = (low << 4) | d;
      }
    }
    lastHigh = high;
    lastLow = low;
    return true;
  }
}
