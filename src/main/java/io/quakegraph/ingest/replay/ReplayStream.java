package io.quakegraph.ingest.replay;

import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.MiniSeedRecord;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One channel's records across its files, in file order, read lazily: at most one file open and one
 * small read window at a time. Applies the time window (a record overlapping it is replayed whole)
 * and, if asked, the cut into short records.
 */
final class ReplayStream implements AutoCloseable {
  /**
   * One thing to send.
   *
   * @param raw the record bytes (or bad bytes)
   * @param record the parsed record; null for bad bytes
   * @param endMicros merge key: the record's end, or for bad bytes the end of the stream's latest
   *     good record (so they go out in place)
   * @param origin {@code replay:<file>}
   * @param category for bad bytes, the dead-letter reason; null for a record
   * @param detail for bad bytes, why
   */
  record Item(
      byte[] raw,
      MiniSeedRecord record,
      long endMicros,
      String origin,
      DeadLetterReason category,
      String detail) {}

  private final String label;
  private final List<ArchiveFile> files;
  private final Selection selection;
  private final Recutter recutter;
  private final ArrayDeque<Item> ready = new ArrayDeque<>();
  private int fileIndex;
  private RecordCursor cursor;
  private String origin;
  private long lastEnd = Long.MIN_VALUE;
  private long bytesDone;
  private long skipped;
  private boolean finished;

  /**
   * @param label for ordering ties and messages (the channel id or the file name)
   * @param files the channel's files in time order
   * @param packetSeconds cut into records of about this many seconds; 0 to keep the records
   */
  ReplayStream(String label, List<ArchiveFile> files, Selection selection, double packetSeconds) {
    this.label = label;
    this.files = List.copyOf(files);
    this.selection = selection;
    this.recutter = packetSeconds > 0 ? new Recutter(packetSeconds) : null;
  }

  String label() {
    return label;
  }

  /** The next item without taking it; null when the stream is exhausted. */
  Item peek() throws IOException {
    while (ready.isEmpty() && !finished) {
      advance();
    }
    return ready.peekFirst();
  }

  /** Takes the next item; null when exhausted. */
  Item poll() throws IOException {
    Item i = peek();
    if (i != null) {
      ready.removeFirst();
    }
    return i;
  }

  /** File bytes read so far. */
  long bytesRead() {
    return bytesDone + (cursor == null ? 0 : cursor.bytesConsumed());
  }

  /** Records skipped because they lie outside the time window. */
  long skippedOutsideWindow() {
    return skipped;
  }

  private void advance() throws IOException {
    if (cursor == null) {
      if (fileIndex >= files.size()) {
        finishStream();
        return;
      }
      ArchiveFile f = files.get(fileIndex++);
      cursor = new RecordCursor(f.opener().open(), f.name());
      origin = "replay:" + f.name();
    }
    RecordCursor.Item it = cursor.next();
    if (it == null) {
      closeFile();
      return;
    }
    if (it instanceof RecordCursor.Item.Bad bad) {
      ready.add(new Item(bad.raw(), null, lastEnd, origin, bad.category(), bad.reason()));
      return;
    }
    MiniSeedRecord r = ((RecordCursor.Item.Good) it).record();
    if (r.startMicros() >= selection.endMicros()) {
      // Files are in time order: nothing later in this channel is wanted.
      skipped++;
      closeFile();
      fileIndex = files.size();
      return;
    }
    if (!selection.overlaps(r.startMicros(), r.endMicros())) {
      skipped++;
      return;
    }
    if (recutter == null || !Recutter.cuttable(r)) {
      if (recutter != null) {
        addCut(recutter.flush());
      }
      lastEnd = Math.max(lastEnd, r.endMicros());
      ready.add(new Item(r.bytes(), r, r.endMicros(), origin, null, null));
      return;
    }
    List<byte[]> cut;
    try {
      cut = recutter.add(r);
    } catch (IllegalArgumentException e) {
      // a rate or sample the writer cannot represent: send the record as it is
      addCut(recutter.flush());
      lastEnd = Math.max(lastEnd, r.endMicros());
      ready.add(new Item(r.bytes(), r, r.endMicros(), origin, null, null));
      return;
    }
    addCut(cut);
  }

  private void addCut(List<byte[]> cut) {
    for (byte[] b : cut) {
      try {
        MiniSeedRecord c = MiniSeed.parse(b);
        lastEnd = Math.max(lastEnd, c.endMicros());
        ready.add(new Item(b, c, c.endMicros(), origin, null, null));
      } catch (MiniSeedException e) {
        // Our own writer produced an unreadable record: a bug, reported, never dropped.
        ready.add(
            new Item(
                b,
                null,
                lastEnd,
                origin,
                DeadLetterReason.OTHER,
                "re-cut record does not parse: " + e.reason()));
      }
    }
  }

  private void closeFile() throws IOException {
    if (cursor != null) {
      bytesDone += cursor.bytesConsumed();
      cursor.close();
      cursor = null;
    }
  }

  private void finishStream() {
    if (recutter != null) {
      addCut(recutter.flush());
    }
    finished = true;
  }

  @Override
  public void close() throws IOException {
    closeFile();
  }
}
