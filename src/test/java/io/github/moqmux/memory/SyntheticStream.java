package io.github.moqmux.memory;

import io.github.moqmux.mp4.BoxHeader;
import io.github.moqmux.mp4.BoxHeaderReader;
import io.github.moqmux.mp4.BoxWriter;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Moov;
import io.github.moqmux.mp4.Mp4Parser;
import io.github.moqmux.mp4.Trak;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * An arbitrarily long fMP4 stream made lazily from a fixture's init segment ({@code ftyp} +
 * {@code moov}) and synthesized fragments: per 2 s, one video fragment (60 samples, the first a
 * keyframe) and one audio fragment, each a {@code moof} from {@link BoxWriter#writeFragmentHeader}
 * with an advancing {@code tfdt}, followed by an {@code mdat} of zeros. Only the current
 * fragment's header is ever in memory.
 */
final class SyntheticStream {
    static final int VIDEO_SAMPLES = 60;
    static final int VIDEO_SAMPLE_SIZE = 16 * 1024;
    static final int AUDIO_SAMPLES = 94;
    static final int AUDIO_SAMPLE_SIZE = 256;

    private final long total;
    private final long videoTrack;
    private final long videoDuration;
    private final long audioTrack;
    private final long audioDuration;

    private byte[] header;
    private int headerPos;
    private long payloadLeft;
    private long produced;
    private long sequence;
    private long period;
    private boolean audioNext;
    private long largestFragment;
    private long samples;

    /**
     * @param fixture a complete fMP4 file with one video and one audio track
     * @param total   bytes of fragments to produce after the init segment (at least; the last
     *                fragment is complete)
     */
    SyntheticStream(byte[] fixture, long total) {
        ByteBuf in = Unpooled.wrappedBuffer(fixture);
        int index = 0;
        Moov moov = null;
        while (moov == null) {
            BoxHeader h = BoxHeaderReader.read(in, index, index);
            if (h.type() == FourCC.MOOV) {
                in.readerIndex(index);
                moov = Mp4Parser.parseMoov(in, index);
            }
            index += (int) h.size();
        }
        this.header = Arrays.copyOf(fixture, index);
        this.total = total;
        long video = -1;
        long videoScale = 0;
        long audio = -1;
        long audioScale = 0;
        for (Trak trak : moov.traks()) {
            if (trak.handlerType() == FourCC.of("vide") && video < 0) {
                video = trak.trackId();
                videoScale = trak.mdia().mdhd().timescale();
            } else if (trak.handlerType() == FourCC.of("soun") && audio < 0) {
                audio = trak.trackId();
                audioScale = trak.mdia().mdhd().timescale();
            }
        }
        this.videoTrack = video;
        this.videoDuration = videoScale / 30;
        this.audioTrack = audio;
        this.audioDuration = audioScale * 1024 / 48_000;
    }

    /** @return the size of the largest fragment (moof + mdat) produced so far */
    long largestFragment() {
        return largestFragment;
    }

    /** @return the number of samples in the fragments produced so far */
    long samples() {
        return samples;
    }

    /** Fills {@code dst} like {@link java.io.InputStream#read(byte[])}: -1 at the end. */
    int read(byte[] dst) {
        int n = 0;
        while (n < dst.length) {
            if (header != null && headerPos < header.length) {
                int k = Math.min(dst.length - n, header.length - headerPos);
                System.arraycopy(header, headerPos, dst, n, k);
                headerPos += k;
                n += k;
            } else if (payloadLeft > 0) {
                int k = (int) Math.min(dst.length - n, payloadLeft);
                Arrays.fill(dst, n, n + k, (byte) 0);
                payloadLeft -= k;
                n += k;
            } else if (!nextFragment()) {
                break;
            }
        }
        return n == 0 ? -1 : n;
    }

    private boolean nextFragment() {
        if (produced >= total && !audioNext) {
            return false;
        }
        boolean audio = audioNext;
        int count = audio ? AUDIO_SAMPLES : VIDEO_SAMPLES;
        long[] durations = new long[count];
        long[] sizes = new long[count];
        int[] flags = new int[count];
        long[] ctos = new long[count];
        Arrays.fill(durations, audio ? audioDuration : videoDuration);
        Arrays.fill(sizes, audio ? AUDIO_SAMPLE_SIZE : VIDEO_SAMPLE_SIZE);
        // Video: a keyframe (depends on no other) then frames that depend on others.
        Arrays.fill(flags, audio ? 0x0200_0000 : 0x0101_0000);
        flags[0] = 0x0200_0000;
        long payload = (long) count * (audio ? AUDIO_SAMPLE_SIZE : VIDEO_SAMPLE_SIZE);
        long decodeTime = period * count * (audio ? audioDuration : videoDuration);
        ByteBuf out = Unpooled.buffer(BoxWriter.fragmentHeaderSize(count, payload));
        BoxWriter.writeFragmentHeader(out, ++sequence, audio ? audioTrack : videoTrack, decodeTime, count, durations,
            sizes, flags, ctos, payload);
        header = new byte[out.readableBytes()];
        out.readBytes(header);
        headerPos = 0;
        payloadLeft = payload;
        long fragment = header.length + payload;
        largestFragment = Math.max(largestFragment, fragment);
        produced += fragment;
        samples += count;
        if (audio) {
            period++;
        }
        audioNext = !audio;
        return true;
    }
}
