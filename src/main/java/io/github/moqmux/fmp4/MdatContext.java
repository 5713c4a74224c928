package io.github.moqmux.fmp4;

import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.Moof;
import io.netty.buffer.ByteBuf;

/**
 * Where the samples of one fragment live while it is being published: the whole {@code mdat} box,
 * and the {@code moof} that describes it. Borrowed for the duration of one call; outputs that keep
 * bytes take {@code retainedSlice}s.
 *
 * @param mdat       the complete mdat box, header included, from its reader index
 * @param mdatHeader its header; {@code mdatHeader.offset()} is the absolute offset of {@code mdat}'s reader index
 * @param moof       the parsed moof
 * @param moofBox    the moof's bytes (only kept in passthrough), or null
 */
record MdatContext(ByteBuf mdat, BoxHeader mdatHeader, Moof moof, ByteBuf moofBox) {

    /**
     * @param position absolute offset of a sample
     * @param size     its size
     * @return a retained slice of the sample's bytes; the caller owns it
     */
    ByteBuf retainedSlice(long position, long size) {
        return mdat.retainedSlice(mdat.readerIndex() + (int) (position - mdatHeader.offset()), (int) size);
    }
}
