package io.github.moqmux.fmp4;

import io.github.moqmux.mp4.SampleTable;

/**
 * The samples a track's {@code moov} sample tables describe, with one sample of lookahead, so the
 * importer can plan fragments from them one at a time while an {@code mdat} streams in.
 */
final class TableSamples {
    private final SampleTable.Cursor cursor;
    private final long tableOffset;
    /** Whether the cursor holds a sample not yet planned. */
    private boolean pending;

    TableSamples(SampleTable table) {
        this.cursor = table.cursor();
        this.tableOffset = table.offset();
        this.pending = cursor.next();
    }

    /** @return the absolute offset of the stbl holding the tables, for errors */
    long tableOffset() {
        return tableOffset;
    }

    /** @return whether a sample is waiting to be planned */
    boolean hasNext() {
        return pending;
    }

    /** @return the waiting sample (valid while {@link #hasNext()}) */
    SampleTable.Cursor peek() {
        return cursor;
    }

    /** Moves to the next sample. */
    void advance() {
        pending = cursor.next();
    }

    /** @return the decode time just after the last sample taken so far */
    long endDecodeTime() {
        return pending ? cursor.decodeTime : cursor.decodeTime + cursor.duration;
    }
}
