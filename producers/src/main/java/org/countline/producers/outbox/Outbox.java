package org.countline.producers.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.countline.avro.FieldEvent;
import org.countline.core.json.FieldEventJson;
import org.countline.registry.serde.AvroClassTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A field app's on-disk outbox: every event is appended to an fsynced, append-only log before it
 * is sent, and marked delivered in a second fsynced log only after Kafka has acknowledged it. An
 * app that loses its connection, or is restarted, keeps its events; on {@link #open} the
 * undelivered ones are there to send again, in the order they were appended. This class is the
 * storage only; {@link OutboxPublisher} delivers.
 *
 * <p>Files in the directory:
 * <ul>
 *   <li>{@code events.log}: a 16-byte header ({@code CLOB}, format version, the sequence number of
 *       its first entry), then entries {@code [int length][int crc32c][long seq][length bytes]},
 *       the bytes being the event in Avro's single-object encoding (schema fingerprint included).
 *       The CRC covers length, sequence number and bytes.
 *   <li>{@code acks.log}: 13-byte entries {@code [long seq][byte status][int crc32c]}, status
 *       delivered or set aside.
 *   <li>{@code undeliverable.jsonl}: events Kafka refused for good (e.g. a schema the registry
 *       rejects), as JSON lines with the reason, for a person to look at.
 *   <li>{@code events.torn-OFFSET.bin}: the bytes of an incomplete last entry found on open.
 *   <li>{@code outbox.lock}: held while open, so that two processes never share an outbox.
 * </ul>
 *
 * <p>A write interrupted by a crash leaves an incomplete or corrupt last entry (a torn tail). It is
 * detected by length and CRC on open, copied aside to {@code events.torn-OFFSET.bin}, cut from the
 * log, logged and reported in {@link #recovery()}: its {@link #append} never returned, so the app
 * was never told it was stored. Corruption before the last entry is not a torn write; {@link
 * #open} refuses it with {@link OutboxCorruptedException} rather than guess. A torn or corrupt
 * entry in {@code acks.log} only means an acknowledgement is forgotten: that event is sent again,
 * which the topology counts once (same eventId and revision).
 *
 * <p>When every entry is delivered and the log has grown past {@link #COMPACT_THRESHOLD_BYTES},
 * both logs start afresh (the new events log is written beside the old one and moved over it
 * atomically; sequence numbers continue).
 *
 * <p>Thread-safe: every method is synchronized on the outbox.
 */
public final class Outbox implements AutoCloseable {
  static {
    // Copying and decoding generated records loads their classes, which Avro 1.12 must be told to trust.
    AvroClassTrust.trustPackage(AvroClassTrust.GENERATED_PACKAGE);
  }

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** The events log is started afresh once everything in it is delivered and it is this large. */
  public static final long COMPACT_THRESHOLD_BYTES = 4L * 1024 * 1024;

  /** The largest event the outbox stores; an Avro field event is a few hundred bytes. */
  public static final int MAX_ENTRY_BYTES = 1024 * 1024;

  static final String EVENTS_FILE = "events.log";
  static final String ACKS_FILE = "acks.log";
  static final String UNDELIVERABLE_FILE = "undeliverable.jsonl";
  static final String LOCK_FILE = "outbox.lock";

  private static final int MAGIC = 0x434C4F42; // "CLOB"
  private static final int VERSION = 1;
  static final int HEADER_BYTES = 16;
  static final int ENTRY_HEADER_BYTES = 16;
  static final int ACK_BYTES = 13;
  private static final byte DELIVERED = 1;
  private static final byte SET_ASIDE = 2;

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private FileChannel events;
  private FileChannel acks;
  private long nextSeq;
  private final TreeMap<Long, FieldEvent> pending = new TreeMap<>();
  private final OutboxRecovery recovery;
  private boolean closed;

  private Outbox(Path dir, FileChannel lockChannel, FileLock lock) throws IOException {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.recovery = load();
  }

  /**
   * Opens the outbox in {@code dir} (created if missing), checking both logs; the undelivered
   * events are then in {@link #pending()}.
   *
   * @throws OutboxCorruptedException when the events log is damaged other than at its tail
   * @throws IllegalStateException when another process (or another outbox here) holds it
   */
  public static Outbox open(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IllegalStateException("outbox " + dir + " is already open in another process or object");
    }
    try {
      return new Outbox(dir, lockChannel, lock);
    } catch (IOException | RuntimeException e) {
      lock.release();
      lockChannel.close();
      throw e;
    }
  }

  public Path directory() {
    return dir;
  }

  /** What {@link #open} found: entries, how many undelivered, any torn tail set aside. */
  public OutboxRecovery recovery() {
    return recovery;
  }

  /**
   * Appends the event and forces it to disk; returns its sequence number. When this returns the
   * event survives a crash of the app or the machine.
   *
   * @throws UncheckedIOException when the disk refuses the write: the event is not stored
   */
  public synchronized long append(FieldEvent event) {
    return appendAll(List.of(event)).get(0);
  }

  /** Appends the events in order with one fsync; returns their sequence numbers. */
  public synchronized List<Long> appendAll(List<FieldEvent> batch) {
    ensureOpen();
    List<Long> seqs = new ArrayList<>(batch.size());
    List<ByteBuffer> buffers = new ArrayList<>(batch.size());
    long seq = nextSeq;
    for (FieldEvent event : batch) {
      buffers.add(entry(seq, encode(event)));
      seqs.add(seq++);
    }
    long start = -1;
    try {
      start = events.size();
      for (ByteBuffer b : buffers) {
        writeFully(events, b);
      }
      events.force(false);
    } catch (IOException e) {
      undoPartialAppend(start, e);
      throw new UncheckedIOException("cannot write to outbox " + dir.resolve(EVENTS_FILE) + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < batch.size(); i++) {
      pending.put(seqs.get(i), FieldEvent.newBuilder(batch.get(i)).build());
    }
    nextSeq += batch.size();
    log.debug("Outbox appended {} events at byte {}", batch.size(), start);
    return seqs;
  }

  /**
   * Cuts a half-written batch off again, so that its sequence numbers are not used twice. If even
   * that fails the outbox refuses further work: the next open finds and reports the torn tail.
   */
  private void undoPartialAppend(long start, IOException cause) {
    if (start < 0) {
      return;
    }
    try {
      events.truncate(start);
      events.position(start);
      events.force(true);
    } catch (IOException e) {
      cause.addSuppressed(e);
      log.error("Outbox {} cannot undo a failed write; closing it. Reopen it to recover.", dir);
      close();
    }
  }

  /** The undelivered events, oldest first. */
  public synchronized List<OutboxEntry> pending() {
    return pending(Integer.MAX_VALUE);
  }

  /** At most {@code max} undelivered events, oldest first. */
  public synchronized List<OutboxEntry> pending(int max) {
    List<OutboxEntry> out = new ArrayList<>(Math.min(max, pending.size()));
    for (Map.Entry<Long, FieldEvent> e : pending.entrySet()) {
      if (out.size() >= max) {
        break;
      }
      out.add(new OutboxEntry(e.getKey(), FieldEvent.newBuilder(e.getValue()).build()));
    }
    return out;
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** Records that Kafka acknowledged these entries, with one fsync; unknown or done ones are skipped. */
  public synchronized void markDelivered(Collection<Long> seqs) {
    ensureOpen();
    List<Long> known = seqs.stream().filter(pending::containsKey).toList();
    if (known.isEmpty()) {
      return;
    }
    writeAcks(known, DELIVERED);
    known.forEach(pending::remove);
    compactIfDone();
  }

  /**
   * Takes an event Kafka refused for good out of the queue: it is written with {@code reason} to
   * {@code undeliverable.jsonl} (fsynced) before it is marked, so it is never silently lost.
   */
  public synchronized void setAside(long seq, String reason) {
    ensureOpen();
    FieldEvent event = pending.get(seq);
    if (event == null) {
      return;
    }
    String line = "{\"seq\":" + seq + ",\"reason\":" + quote(reason) + ",\"event\":" + FieldEventJson.write(event) + "}\n";
    try (FileChannel out = FileChannel.open(dir.resolve(UNDELIVERABLE_FILE),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      writeFully(out, ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
      out.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(UNDELIVERABLE_FILE) + ": " + e.getMessage(), e);
    }
    writeAcks(List.of(seq), SET_ASIDE);
    pending.remove(seq);
    log.error("Outbox set event {} revision {} aside in {}: {}", event.getEventId(), event.getRevision(),
        dir.resolve(UNDELIVERABLE_FILE), reason);
    compactIfDone();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeAll(events, acks);
    } finally {
      try {
        lock.release();
      } catch (IOException e) {
        log.warn("Cannot release the outbox lock in {}: {}", dir, e.toString());
      }
      closeAll(lockChannel);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("outbox " + dir + " is closed");
    }
  }

  private OutboxRecovery load() throws IOException {
    Files.deleteIfExists(dir.resolve(EVENTS_FILE + ".tmp"));
    Path eventsPath = dir.resolve(EVENTS_FILE);
    if (!Files.exists(eventsPath) || Files.size(eventsPath) == 0) {
      writeFreshEventsLog(0);
    }
    events = FileChannel.open(eventsPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
    acks = FileChannel.open(dir.resolve(ACKS_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);

    long baseSeq = readHeader(eventsPath);
    TreeMap<Long, FieldEvent> all = new TreeMap<>();
    Path tornFile = null;
    long tornBytes = readEntries(eventsPath, baseSeq, all);
    long validEnd = events.size() - tornBytes;
    if (tornBytes > 0) {
      tornFile = setAsideTail(validEnd, tornBytes);
      events.truncate(validEnd);
      events.force(true);
      log.warn("Outbox {} ended with an incomplete entry at byte {} ({} bytes, a write interrupted by a crash;"
          + " its append never returned, so the app was never told it was stored). Copied to {} and cut from the log.",
          eventsPath, validEnd, tornBytes, tornFile);
    }
    events.position(events.size());
    nextSeq = baseSeq + all.size();

    int[] unreadableAcks = {0};
    long[] delivered = {0};
    long[] setAside = {0};
    readAcks(baseSeq, all, unreadableAcks, delivered, setAside);
    pending.putAll(all);

    OutboxRecovery report = new OutboxRecovery(nextSeq - baseSeq, delivered[0], setAside[0], pending.size(),
        tornBytes, tornFile, unreadableAcks[0]);
    if (!pending.isEmpty()) {
      log.info("Outbox {} holds {} undelivered events from before; they will be sent again", dir, pending.size());
    }
    compactIfDone();
    return report;
  }

  private long readHeader(Path eventsPath) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    readFully(events, header, 0);
    header.flip();
    if (header.remaining() < HEADER_BYTES || header.getInt() != MAGIC) {
      throw new OutboxCorruptedException(eventsPath + " is not a Countline outbox (bad header)", eventsPath, 0);
    }
    int version = header.getInt();
    if (version != VERSION) {
      throw new OutboxCorruptedException(eventsPath + " has outbox format " + version + "; this version reads " + VERSION,
          eventsPath, 4);
    }
    return header.getLong();
  }

  /** Reads every whole entry into {@code out}; returns the length of a torn tail (0 if none). */
  private long readEntries(Path eventsPath, long baseSeq, Map<Long, FieldEvent> out) throws IOException {
    long size = events.size();
    long pos = HEADER_BYTES;
    long expectedSeq = baseSeq;
    ByteBuffer head = ByteBuffer.allocate(ENTRY_HEADER_BYTES);
    while (pos < size) {
      long remaining = size - pos;
      if (remaining < ENTRY_HEADER_BYTES) {
        return remaining;
      }
      head.clear();
      readFully(events, head, pos);
      head.flip();
      int length = head.getInt();
      int crc = head.getInt();
      long seq = head.getLong();
      if (length < 0 || length > MAX_ENTRY_BYTES) {
        return tornOrCorrupt(eventsPath, pos, size, "an impossible entry length " + length);
      }
      if (pos + ENTRY_HEADER_BYTES + length > size) {
        return remaining;
      }
      ByteBuffer body = ByteBuffer.allocate(length);
      readFully(events, body, pos + ENTRY_HEADER_BYTES);
      body.flip();
      if (crc(length, seq, body.duplicate()) != crc) {
        return tornOrCorrupt(eventsPath, pos, size, "a CRC mismatch");
      }
      if (seq != expectedSeq) {
        throw new OutboxCorruptedException(eventsPath + ": entry at byte " + pos + " has sequence number " + seq
            + ", expected " + expectedSeq, eventsPath, pos);
      }
      FieldEvent event;
      try {
        event = FieldEvent.fromByteBuffer(body);
      } catch (IOException | RuntimeException e) {
        throw new OutboxCorruptedException(eventsPath + ": entry " + seq + " at byte " + pos
            + " passes its CRC but is not a field event this version can read: " + e.getMessage(), eventsPath, pos);
      }
      out.put(seq, event);
      expectedSeq++;
      pos += ENTRY_HEADER_BYTES + length;
    }
    return 0;
  }

  /**
   * A bad entry is a torn tail when it is the last thing in the file (or only zeros follow it, as
   * some file systems leave after a crash); anything else is corruption we must not guess about.
   */
  private long tornOrCorrupt(Path eventsPath, long pos, long size, String what) throws IOException {
    if (isLastEntryOrZeros(pos, size)) {
      return size - pos;
    }
    throw new OutboxCorruptedException(eventsPath + ": " + what + " at byte " + pos + " with more data after it."
        + " This is not a torn write; the outbox will not guess which entries are good. Move the directory aside"
        + " and ask for help: the entries before byte " + pos + " are intact.", eventsPath, pos);
  }

  private boolean isLastEntryOrZeros(long pos, long size) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(4);
    readFully(events, head, pos);
    head.flip();
    long declaredEnd = head.remaining() == 4 ? pos + ENTRY_HEADER_BYTES + Math.max(0, head.getInt()) : size;
    if (declaredEnd >= size) {
      return true;
    }
    ByteBuffer rest = ByteBuffer.allocate(64 * 1024);
    long at = pos + ENTRY_HEADER_BYTES;
    while (at < size) {
      rest.clear();
      int n = events.read(rest, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (rest.get(i) != 0) {
          return false;
        }
      }
      at += n;
    }
    return true;
  }

  private Path setAsideTail(long from, long length) throws IOException {
    Path target = dir.resolve("events.torn-" + from + ".bin");
    for (int i = 1; Files.exists(target); i++) {
      target = dir.resolve("events.torn-" + from + "-" + i + ".bin");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(length, Integer.MAX_VALUE - 16));
    readFully(events, bytes, from);
    bytes.flip();
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      writeFully(out, bytes);
      out.force(true);
    }
    return target;
  }

  private void readAcks(long baseSeq, Map<Long, FieldEvent> all, int[] unreadable, long[] delivered, long[] setAside)
      throws IOException {
    long size = acks.size();
    long whole = size / ACK_BYTES * ACK_BYTES;
    ByteBuffer buf = ByteBuffer.allocate(ACK_BYTES);
    for (long pos = 0; pos < whole; pos += ACK_BYTES) {
      buf.clear();
      readFully(acks, buf, pos);
      buf.flip();
      long seq = buf.getLong();
      byte status = buf.get();
      int crc = buf.getInt();
      if (ackCrc(seq, status) != crc || (status != DELIVERED && status != SET_ASIDE)) {
        unreadable[0]++;
        continue;
      }
      if (seq < baseSeq) {
        continue; // an acknowledgement from before the log was last started afresh
      }
      if (all.remove(seq) != null) {
        if (status == DELIVERED) {
          delivered[0]++;
        } else {
          setAside[0]++;
        }
      }
    }
    if (whole < size) {
      log.warn("Outbox {} ended with an incomplete acknowledgement ({} bytes, a write interrupted by a crash);"
          + " the event it was for is sent again and counted once", dir.resolve(ACKS_FILE), size - whole);
      unreadable[0]++;
      acks.truncate(whole);
      acks.force(true);
    }
    if (unreadable[0] > 0) {
      log.warn("Outbox {}: {} acknowledgements could not be read; those events are sent again (counted once)",
          dir.resolve(ACKS_FILE), unreadable[0]);
    }
    acks.position(acks.size());
  }

  private void writeAcks(List<Long> seqs, byte status) {
    ByteBuffer buf = ByteBuffer.allocate(ACK_BYTES * seqs.size());
    for (long seq : seqs) {
      buf.putLong(seq).put(status).putInt(ackCrc(seq, status));
    }
    buf.flip();
    try {
      writeFully(acks, buf);
      acks.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to outbox " + dir.resolve(ACKS_FILE) + ": " + e.getMessage(), e);
    }
  }

  private void compactIfDone() {
    try {
      if (pending.isEmpty() && events.size() > COMPACT_THRESHOLD_BYTES) {
        compact();
      }
    } catch (IOException e) {
      // Not fatal: the logs stay as they are and compaction is tried again later.
      log.warn("Cannot start outbox {} afresh: {}", dir, e.toString());
    }
  }

  /** Starts both logs afresh; only when nothing is pending. Sequence numbers continue. */
  synchronized void compact() throws IOException {
    if (!pending.isEmpty()) {
      throw new IllegalStateException("cannot compact an outbox with undelivered events");
    }
    closeAll(events);
    writeFreshEventsLog(nextSeq);
    events = FileChannel.open(dir.resolve(EVENTS_FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
    events.position(events.size());
    // A crash before this truncation leaves acknowledgements below the new base: ignored on open.
    acks.truncate(0);
    acks.force(true);
    acks.position(0);
    log.info("Outbox {} delivered everything; logs started afresh at sequence {}", dir, nextSeq);
  }

  private void writeFreshEventsLog(long baseSeq) throws IOException {
    Path tmp = dir.resolve(EVENTS_FILE + ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putLong(baseSeq);
      header.flip();
      writeFully(out, header);
      out.force(true);
    }
    try {
      Files.move(tmp, dir.resolve(EVENTS_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(EVENTS_FILE), StandardCopyOption.REPLACE_EXISTING);
    }
    forceDirectory();
  }

  /** Makes the rename durable; file systems that cannot sync a directory (Windows) say so and go on. */
  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      log.debug("Cannot sync directory {} ({}); the rename is durable once the OS flushes it", dir, e.toString());
    }
  }

  static ByteBuffer entry(long seq, ByteBuffer body) {
    int length = body.remaining();
    if (length > MAX_ENTRY_BYTES) {
      throw new IllegalArgumentException("event of " + length + " bytes is larger than the outbox takes");
    }
    ByteBuffer b = ByteBuffer.allocate(ENTRY_HEADER_BYTES + length);
    b.putInt(length).putInt(crc(length, seq, body.duplicate())).putLong(seq).put(body);
    b.flip();
    return b;
  }

  static ByteBuffer encode(FieldEvent event) {
    try {
      return event.toByteBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode event " + event.getEventId(), e);
    }
  }

  static int crc(int length, long seq, ByteBuffer body) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(12).putInt(length).putLong(seq).flip());
    crc.update(body);
    return (int) crc.getValue();
  }

  private static int ackCrc(long seq, byte status) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(9).putLong(seq).put(status).flip());
    return (int) crc.getValue();
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    long at = pos;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, at);
      if (n < 0) {
        return;
      }
      at += n;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private void closeAll(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception e) {
        log.warn("Cannot close a file of outbox {}: {}", dir, e.toString());
      }
    }
  }
}
