package io.github.moqmux.fmp4;

import io.github.moqmux.MoqMuxException;
import io.github.moqmux.MoqMuxException.Kind;
import io.github.moqmux.catalog.AudioConfig;
import io.github.moqmux.catalog.Container;
import io.github.moqmux.catalog.VideoConfig;
import io.github.moqmux.mp4.AudioSampleEntry;
import io.github.moqmux.mp4.Btrt;
import io.github.moqmux.mp4.EncryptedSampleEntry;
import io.github.moqmux.mp4.Esds;
import io.github.moqmux.mp4.FourCC;
import io.github.moqmux.mp4.Pasp;
import io.github.moqmux.mp4.SampleEntry;
import io.github.moqmux.mp4.VideoCodecConfig;
import io.github.moqmux.mp4.VisualSampleEntry;

/**
 * Turns a track's sample entry into its catalog rendition: codec string, decoder description,
 * sizes, rates and bitrate (DESIGN §3.2, §3.4), through the entry's codec family in
 * {@link CodecBindings}. Jitter and framerate come later, from samples. Errors are reported at the
 * sample entry.
 */
final class TrackConfigs {
    private TrackConfigs() {
    }

    /**
     * @param entry     the visual sample entry
     * @param container the frame container of the rendition
     * @return the video rendition, without jitter and framerate
     */
    static VideoConfig video(VisualSampleEntry entry, Container container) {
        try {
            return videoUnchecked(entry, container);
        } catch (IllegalArgumentException e) {
            throw outOfRange(entry, e);
        }
    }

    private static VideoConfig videoUnchecked(VisualSampleEntry entry, Container container) {
        int format = entry.format();
        if (entry.width() <= 0 || entry.height() <= 0) {
            throw new MoqMuxException(Kind.MALFORMED, entry.offset(), "'" + FourCC.toString(format)
                + "' sample entry has a size of " + entry.width() + "x" + entry.height()
                + "; a decoder cannot be configured for it");
        }
        VideoBinding binding = CodecBindings.video(entry);
        if (binding == null) {
            throw new MoqMuxException(Kind.UNSUPPORTED, entry.offset(), "unsupported video codec '"
                + FourCC.toString(format) + "' (supported: " + CodecBindings.supportedVideo() + ")");
        }
        VideoBinding.Decoder decoder = binding.decoder(entry);
        Integer aspectWidth = null;
        Integer aspectHeight = null;
        Pasp pasp = entry.pasp();
        if (pasp != null && pasp.hSpacing() > 0 && pasp.vSpacing() > 0) {
            long w = entry.width() * pasp.hSpacing();
            long h = entry.height() * pasp.vSpacing();
            long gcd = gcd(w, h);
            if (w / gcd <= Integer.MAX_VALUE && h / gcd <= Integer.MAX_VALUE) {
                aspectWidth = (int) (w / gcd);
                aspectHeight = (int) (h / gcd);
            }
        }
        return new VideoConfig(decoder.codec(), decoder.description(), entry.width(), entry.height(), aspectWidth,
            aspectHeight, bitrate(null, entry.btrt()), null, null, container, null);
    }

    /**
     * @param entry     the audio sample entry
     * @param container the frame container of the rendition
     * @return the audio rendition, without jitter
     */
    static AudioConfig audio(AudioSampleEntry entry, Container container) {
        AudioBinding binding = CodecBindings.audio(entry);
        if (binding == null) {
            throw new MoqMuxException(Kind.UNSUPPORTED, entry.offset(), "unsupported audio codec '"
                + FourCC.toString(entry.format()) + "' (supported: " + CodecBindings.supportedAudio() + ")");
        }
        try {
            return binding.rendition(entry, container);
        } catch (IllegalArgumentException e) {
            throw outOfRange(entry, e);
        }
    }

    /**
     * The refusal of a track whose sample entry is not a video or audio one this library reads.
     *
     * @param kind    what the track's handler says it is
     * @param trackId the track
     * @param entry   its sample entry
     * @return an {@code UNSUPPORTED} error at the entry; for encrypted entries it names the scheme
     */
    static MoqMuxException refused(TrackKind kind, long trackId, SampleEntry entry) {
        if (entry instanceof EncryptedSampleEntry enc) {
            return new MoqMuxException(Kind.UNSUPPORTED, entry.offset(), kind.name().toLowerCase(java.util.Locale.ROOT)
                + " track " + trackId + " is encrypted (scheme '" + FourCC.toString(enc.schemeType())
                + "', original format '" + FourCC.toString(enc.originalFormat()) + "'); encrypted tracks are not supported");
        }
        String supported = kind == TrackKind.VIDEO ? CodecBindings.supportedVideo() : CodecBindings.supportedAudio();
        return new MoqMuxException(Kind.UNSUPPORTED, entry.offset(), kind.name().toLowerCase(java.util.Locale.ROOT)
            + " track " + trackId + " has an unsupported sample entry '" + FourCC.toString(entry.format())
            + "' (supported: " + supported + ")");
    }

    /**
     * A value the catalog model refuses (a bit depth of 7, say) came from the file. The model's
     * message says which; the exception itself is not kept as the cause, because it is no failure
     * of this library, only of the input.
     */
    private static MoqMuxException outOfRange(SampleEntry entry, IllegalArgumentException e) {
        return new MoqMuxException(Kind.MALFORMED, entry.offset(), "'" + FourCC.toString(entry.format())
            + "' sample entry holds a value out of range for the catalog: " + e.getMessage());
    }

    /**
     * Maps the ISO/IEC 23091-2 code point 2, "unspecified", to 1 (BT.709), the default of the VP9
     * and AV1 codec strings. "Unspecified" tells a decoder nothing, so it must not force the long
     * codec-string form: ffmpeg writes 2 into every vpcC it cannot fill, and mp4box.js (whose
     * strings DESIGN §3.2 asks us to equal) reports those files in the short form. Colour that is
     * really signalled (BT.2020, PQ, full range…) still yields the long form.
     */
    static int specified(int codePoint) {
        return codePoint == 2 ? 1 : codePoint;
    }

    /**
     * The declared average bit rate of an AAC entry: the esds average, else the btrt's. A maximum
     * alone is not published (2.2 kbit/s declared for 35 measured in a real file); the importer
     * measures those tracks instead ({@link #declaresOnlyMaximumBitrate}).
     *
     * @param esds the elementary stream descriptor
     * @param btrt the bit rate box, or null
     * @return bits per second, or null when no average is declared
     */
    static Long averageBitrate(Esds esds, Btrt btrt) {
        if (esds != null && esds.avgBitrate() > 0) {
            return esds.avgBitrate();
        }
        return btrt != null && btrt.avgBitrate() > 0 ? Long.valueOf(btrt.avgBitrate()) : null;
    }

    /**
     * @return whether an mp4a entry declares a maximum bitrate but no average (esds and btrt): its
     *     rendition then carries the measured bitrate once known, not the maximum
     */
    static boolean declaresOnlyMaximumBitrate(AudioSampleEntry entry) {
        Esds esds = entry.esds();
        Btrt btrt = entry.btrt();
        boolean average = esds != null && esds.avgBitrate() > 0 || btrt != null && btrt.avgBitrate() > 0;
        boolean maximum = esds != null && esds.maxBitrate() > 0 || btrt != null && btrt.maxBitrate() > 0;
        return entry.format() == Esds.MP4A.type() && maximum && !average;
    }

    /**
     * The declared bit rate: the esds average, else its maximum, else the btrt's.
     *
     * @param esds the elementary stream descriptor, or null
     * @param btrt the bit rate box, or null
     * @return bits per second, or null when nothing declares one
     */
    static Long bitrate(Esds esds, Btrt btrt) {
        if (esds != null && esds.avgBitrate() > 0) {
            return esds.avgBitrate();
        }
        if (esds != null && esds.maxBitrate() > 0) {
            return esds.maxBitrate();
        }
        if (btrt == null) {
            return null;
        }
        if (btrt.avgBitrate() > 0) {
            return btrt.avgBitrate();
        }
        return btrt.maxBitrate() > 0 ? btrt.maxBitrate() : null;
    }

    /**
     * For codecs whose configuration does not carry them: the sample entry's rate and channels.
     *
     * @return {sample rate, channels}
     * @throws MoqMuxException {@code MALFORMED} at the entry when either is 0
     */
    static int[] entryRateAndChannels(AudioSampleEntry entry, String codec) {
        if (entry.sampleRate() <= 0 || entry.sampleRate() > Integer.MAX_VALUE || entry.channelCount() <= 0) {
            throw new MoqMuxException(Kind.MALFORMED, entry.offset(), codec + " sample entry declares "
                + entry.sampleRate() + " Hz and " + entry.channelCount() + " channel(s)");
        }
        return new int[] {(int) entry.sampleRate(), entry.channelCount()};
    }

    /**
     * @return the entry's configuration as the family's record
     * @throws MoqMuxException {@code MISSING_BOX} at the entry when it has no such box
     */
    static <T extends VideoCodecConfig> T require(VideoCodecConfig config, Class<T> type, String box,
                                                  VisualSampleEntry entry) {
        if (!type.isInstance(config)) {
            throw new MoqMuxException(Kind.MISSING_BOX, entry.offset(), "'" + FourCC.toString(entry.format())
                + "' sample entry has no " + box + " box");
        }
        return type.cast(config);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
