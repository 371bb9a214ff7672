package org.countline.replay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Force codes numbered from 0, so that per-force state lives in arrays rather than maps, and
 * found from the bytes of a record key without making a string of them.
 */
final class ForceIndex {
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> codes = new ArrayList<>();
  private final List<byte[]> bytes = new ArrayList<>();
  /** Open addressing over the codes' UTF-8 bytes: force number + 1, 0 when empty. */
  private final int[] byBytes;

  ForceIndex(Iterable<String> forces) {
    for (String code : forces) {
      if (!index.containsKey(code)) {
        index.put(code, codes.size());
        codes.add(code);
        bytes.add(code.getBytes(StandardCharsets.UTF_8));
      }
    }
    int size = Integer.highestOneBit(Math.max(4, codes.size() * 4) - 1) << 1;
    byBytes = new int[size];
    for (int i = 0; i < codes.size(); i++) {
      byte[] b = bytes.get(i);
      int slot = hash(b, 0, b.length) & (size - 1);
      while (byBytes[slot] != 0) {
        slot = (slot + 1) & (size - 1);
      }
      byBytes[slot] = i + 1;
    }
  }

  /** The number of a force, or -1 when it is not known. */
  int of(String code) {
    Integer i = index.get(code);
    return i == null ? -1 : i;
  }

  /** The number of the force whose code is the bytes {@code [from, from + length)} of {@code buf}, or -1. */
  int of(ByteBuffer buf, int from, int length) {
    if (buf.hasArray()) {
      // Straight on the backing array: no bounds check per byte, and a vectorised comparison.
      return of(buf.array(), buf.arrayOffset() + from, length);
    }
    byte[] copy = new byte[length];
    buf.get(from, copy);
    return of(copy, 0, length);
  }

  private int of(byte[] array, int from, int length) {
    int mask = byBytes.length - 1;
    int slot = hash(array, from, length) & mask;
    while (byBytes[slot] != 0) {
      int candidate = byBytes[slot] - 1;
      byte[] code = bytes.get(candidate);
      if (Arrays.equals(code, 0, code.length, array, from, from + length)) {
        return candidate;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  String code(int i) {
    return codes.get(i);
  }

  int size() {
    return codes.size();
  }

  private static int hash(byte[] array, int from, int length) {
    int h = length;
    for (int i = from; i < from + length; i++) {
      h = 31 * h + array[i];
    }
    return h ^ (h >>> 16);
  }
}
