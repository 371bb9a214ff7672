package org.countline.producers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.countline.avro.FieldEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  @TempDir Path dir;

  private static List<FieldEvent> events(List<OutboxEntry> entries) {
    return entries.stream().map(OutboxEntry::event).toList();
  }

  @Test
  void shouldReturnAppendedEventsAsPendingInOrder() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(outbox.append(OutboxEvents.arrest(1))).isEqualTo(0);
      assertThat(outbox.appendAll(List.of(OutboxEvents.seizure(2), OutboxEvents.arrest(3)))).containsExactly(1L, 2L);
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(1), OutboxEvents.seizure(2), OutboxEvents.arrest(3));
      assertThat(events(outbox.pending(2))).containsExactly(OutboxEvents.arrest(1), OutboxEvents.seizure(2));
      assertThat(outbox.pendingCount()).isEqualTo(3);
    }
  }

  @Test
  void shouldKeepUndeliveredEventsAndForgetDeliveredOnesAcrossReopen() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.seizure(2), OutboxEvents.arrest(3)));
      outbox.markDelivered(List.of(0L, 2L));
    }
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.seizure(2));
      assertThat(outbox.recovery()).isEqualTo(new OutboxRecovery(3, 2, 0, 1, 0, null, 0));
      assertThat(outbox.append(OutboxEvents.arrest(4))).as("numbering continues").isEqualTo(3);
    }
  }

  @Test
  void shouldSetATornTailAsideAndKeepEveryEntryBeforeIt() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.seizure(2), OutboxEvents.arrest(3)));
    }
    Path log = dir.resolve(Outbox.EVENTS_FILE);
    long size = Files.size(log);
    truncate(log, size - 7);
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(1), OutboxEvents.seizure(2));
      OutboxRecovery recovery = outbox.recovery();
      assertThat(recovery.hadTornTail()).isTrue();
      long lastEntry = size - (Outbox.ENTRY_HEADER_BYTES + Outbox.encode(OutboxEvents.arrest(3)).remaining());
      assertThat(recovery.tornTailBytes()).isEqualTo(size - 7 - lastEntry);
      assertThat(recovery.tornTailFile()).exists().hasFileName("events.torn-" + lastEntry + ".bin");
      assertThat(Files.size(recovery.tornTailFile())).isEqualTo(recovery.tornTailBytes());
      assertThat(Files.size(log)).isEqualTo(lastEntry);
      // The log is whole again: new events follow the good ones.
      assertThat(outbox.append(OutboxEvents.arrest(4))).isEqualTo(2);
    }
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(1), OutboxEvents.seizure(2), OutboxEvents.arrest(4));
      assertThat(outbox.recovery().hadTornTail()).isFalse();
    }
  }

  @Test
  void shouldTreatALastEntryWithABadChecksumAsATornTail() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.arrest(2)));
    }
    Path log = dir.resolve(Outbox.EVENTS_FILE);
    flipByte(log, Files.size(log) - 3);
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(1));
      assertThat(outbox.recovery().hadTornTail()).isTrue();
    }
  }

  @Test
  void shouldTreatAZeroFilledTailAsTorn() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.arrest(2)));
    }
    Path log = dir.resolve(Outbox.EVENTS_FILE);
    long size = Files.size(log);
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
      f.setLength(size + 4096); // as some file systems leave a file extended by a crash
    }
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(1), OutboxEvents.arrest(2));
      assertThat(outbox.recovery().tornTailBytes()).isEqualTo(4096);
    }
  }

  @Test
  void shouldRefuseCorruptionBeforeTheLastEntryNamingTheByte() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.arrest(2), OutboxEvents.arrest(3)));
    }
    Path log = dir.resolve(Outbox.EVENTS_FILE);
    flipByte(log, Outbox.HEADER_BYTES + Outbox.ENTRY_HEADER_BYTES + 5);
    assertThatThrownBy(() -> Outbox.open(dir))
        .isInstanceOf(OutboxCorruptedException.class)
        .hasMessageContaining("CRC mismatch at byte " + Outbox.HEADER_BYTES)
        .satisfies(e -> assertThat(((OutboxCorruptedException) e).offset()).isEqualTo(Outbox.HEADER_BYTES));
    // Nothing was cut: the damaged file is left for a person to look at.
    assertThat(Files.size(log)).isGreaterThan(3L * Outbox.ENTRY_HEADER_BYTES);
  }

  @Test
  void shouldRefuseAFileThatIsNoOutbox() throws IOException {
    Files.writeString(dir.resolve(Outbox.EVENTS_FILE), "not an outbox at all, just text");
    assertThatThrownBy(() -> Outbox.open(dir))
        .isInstanceOf(OutboxCorruptedException.class)
        .hasMessageContaining("not a Countline outbox");
  }

  @Test
  void shouldSendAgainAnEventWhoseAcknowledgementWasTorn() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.arrest(2)));
      outbox.markDelivered(List.of(0L));
      outbox.markDelivered(List.of(1L));
    }
    Path acks = dir.resolve(Outbox.ACKS_FILE);
    truncate(acks, Files.size(acks) - 4);
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(2));
      assertThat(outbox.recovery().unreadableAcks()).isEqualTo(1);
      assertThat(Files.size(acks)).isEqualTo(Outbox.ACK_BYTES);
    }
  }

  @Test
  void shouldSendAgainAnEventWhoseAcknowledgementIsCorrupt() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.arrest(2)));
      outbox.markDelivered(List.of(0L, 1L));
    }
    flipByte(dir.resolve(Outbox.ACKS_FILE), 2);
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(1));
      assertThat(outbox.recovery().unreadableAcks()).isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseASecondOpenOfTheSameDirectory() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      assertThatThrownBy(() -> Outbox.open(dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already open");
      assertThat(outbox.pendingCount()).isZero();
    }
    try (Outbox again = Outbox.open(dir)) {
      assertThat(again.pendingCount()).as("the lock is released on close").isZero();
    }
  }

  @Test
  void shouldStartAfreshOnceEverythingIsDeliveredAndKeepNumbering() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.arrest(2)));
      outbox.markDelivered(List.of(0L, 1L));
      outbox.compact();
      assertThat(Files.size(dir.resolve(Outbox.EVENTS_FILE))).isEqualTo(Outbox.HEADER_BYTES);
      assertThat(Files.size(dir.resolve(Outbox.ACKS_FILE))).isZero();
      assertThat(outbox.append(OutboxEvents.arrest(3))).isEqualTo(2);
    }
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(3));
      assertThat(outbox.pending().get(0).seq()).isEqualTo(2);
    }
  }

  @Test
  void shouldIgnoreAcknowledgementsFromBeforeTheLogStartedAfresh() throws IOException {
    Path stale;
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.arrest(2)));
      outbox.markDelivered(List.of(0L, 1L));
      stale = Files.copy(dir.resolve(Outbox.ACKS_FILE), dir.resolve("acks.copy"));
      outbox.compact();
      outbox.appendAll(List.of(OutboxEvents.arrest(3)));
    }
    // As if the machine stopped between replacing the events log and truncating the acks.
    Files.copy(stale, dir.resolve(Outbox.ACKS_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(3));
    }
  }

  @Test
  void shouldWriteAnUndeliverableEventToAFileBeforeTakingItOutOfTheQueue() throws IOException {
    try (Outbox outbox = Outbox.open(dir)) {
      outbox.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.seizure(2)));
      outbox.setAside(1, "RecordTooLargeException: \"too big\"");
      assertThat(events(outbox.pending())).containsExactly(OutboxEvents.arrest(1));
    }
    String file = Files.readString(dir.resolve(Outbox.UNDELIVERABLE_FILE));
    assertThat(file).contains(OutboxEvents.seizure(2).getEventId()).contains("RecordTooLargeException: \\\"too big\\\"").endsWith("}\n");
    try (Outbox outbox = Outbox.open(dir)) {
      assertThat(outbox.recovery().setAside()).isEqualTo(1);
      assertThat(outbox.pendingCount()).isEqualTo(1);
    }
  }

  private static void truncate(Path file, long length) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length);
    }
  }

  private static void flipByte(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5a);
    }
  }
}
