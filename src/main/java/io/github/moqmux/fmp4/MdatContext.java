package io.github.moqmux.fmp4;

import io.github.moqmux.mp4.BoxHeader;
import io.netty.buffer.ByteBuf;

/**
 * The fragment whose {@code mdat} is being published: the parsed {@code moof}, and in passthrough
 * the original bytes of the {@code moof} and of the {@code mdat} header, so a fragment that is
 * already self-contained can pass through unchanged. The buffers belong to the importer, which
 * releases them when the {@code mdat} ends; outputs that keep them take their own references.
 *
 * @param mdatHeader the mdat's header (absolute offsets)
 * @param moof       the parsed moof, or null when the moov's sample tables describe the mdat
 * @param moofBox    the moof's bytes (passthrough only), or null
 * @param mdatHeaderBox the mdat header's bytes (passthrough only), or null
 * @param sequenceNumber the sequence number for fragments written from this mdat
 */
record MdatContext(BoxHeader mdatHeader, FlatMoof moof, ByteBuf moofBox, ByteBuf mdatHeaderBox, long sequenceNumber) {

    /** Releases the importer's references. */
    void release() {
        if (moofBox != null) {
            moofBox.release();
        }
        if (mdatHeaderBox != null) {
            mdatHeaderBox.release();
        }
    }
}
