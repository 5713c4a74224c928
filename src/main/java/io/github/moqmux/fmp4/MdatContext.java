package io.github.moqmux.fmp4;

import io.netty.buffer.ByteBuf;

/**
 * The fragment whose {@code mdat} is being published: the parsed {@code moof}, and in passthrough
 * the original bytes of the {@code moof} and of the {@code mdat} header, so a fragment that is
 * already self-contained can pass through unchanged. The buffers belong to the importer, which
 * releases them when the {@code mdat} ends; outputs that keep them take their own references.
 *
 * <p>One instance per importer, refilled for each mdat ({@link #set}): with one sample per
 * fragment a new one per mdat was a sixth of the allocation per sample. Outputs read it only
 * while a fragment begins and never keep it.
 */
final class MdatContext {
    private MdatHeader mdatHeader;
    private FlatMoof moof;
    private ByteBuf moofBox;
    private ByteBuf mdatHeaderBox;
    private long sequenceNumber;

    /**
     * Refills this context for the next mdat.
     *
     * @param header         the mdat's header (absolute offsets)
     * @param flat           the parsed moof, or null when the moov's sample tables describe the mdat
     * @param moofBytes      the moof's bytes (passthrough only), possibly followed by the whole
     *                       mdat ({@link #wholeFragment()}), or null
     * @param mdatHeaderBytes the mdat header's bytes (passthrough only), or null when
     *                        {@code moofBytes} holds the whole fragment
     * @param sequence       the sequence number for fragments written from this mdat
     * @return this
     */
    MdatContext set(MdatHeader header, FlatMoof flat, ByteBuf moofBytes, ByteBuf mdatHeaderBytes, long sequence) {
        mdatHeader = header;
        moof = flat;
        moofBox = moofBytes;
        mdatHeaderBox = mdatHeaderBytes;
        sequenceNumber = sequence;
        return this;
    }

    /** @return the mdat's header (absolute offsets) */
    MdatHeader mdatHeader() {
        return mdatHeader;
    }

    /** @return the parsed moof, or null when the moov's sample tables describe the mdat */
    FlatMoof moof() {
        return moof;
    }

    /** @return the moof's bytes (passthrough only), or null */
    ByteBuf moofBox() {
        return moofBox;
    }

    /**
     * @return whether {@link #moofBox()} holds the whole fragment, the moof followed by the complete
     *     mdat (passthrough, when both had arrived with the moof): it can go out as one slice
     */
    boolean wholeFragment() {
        return moofBox != null && mdatHeader.size() >= 0 && moofBox.readableBytes() == moof.size + mdatHeader.size();
    }

    /** @return the mdat header's bytes (passthrough only), or null */
    ByteBuf mdatHeaderBox() {
        return mdatHeaderBox;
    }

    /** @return the sequence number for fragments written from this mdat */
    long sequenceNumber() {
        return sequenceNumber;
    }

    /** Releases the importer's references and forgets the fragment. */
    void release() {
        if (moofBox != null) {
            moofBox.release();
        }
        if (mdatHeaderBox != null) {
            mdatHeaderBox.release();
        }
        set(null, null, null, null, 0);
    }
}
