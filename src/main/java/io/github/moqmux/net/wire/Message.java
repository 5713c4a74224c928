package io.github.moqmux.net.wire;

import java.util.List;
import java.util.Objects;

/**
 * The moq-lite control and data-header messages, one record per message, parsed once into these
 * types by {@link Codec}. Fields that a version lacks take their neutral value (0, false, empty,
 * or {@code -1} for an absent group). Durations are milliseconds; group numbers are absolute
 * sequences, {@code -1} meaning none.
 */
public sealed interface Message {
    /**
     * A SETUP parameter of the {@code moql} exchange (lite-01/02): an even key carries a varint,
     * an odd key a byte string.
     *
     * @param key   the key
     * @param value the varint value (even keys), else 0
     * @param bytes the byte value (odd keys), else empty
     */
    record SetupParam(long key, long value, byte[] bytes) {
        /**
         * @param key   the key
         * @param value the varint value (even keys)
         * @param bytes the byte value (odd keys)
         */
        public SetupParam {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /**
     * CLIENT_SETUP, sent after stream type 0x20 (ClientCompat) with a 16-bit length.
     *
     * @param versions the offered version codes, preferred first
     * @param params   parameters
     */
    record ClientSetup(List<Long> versions, List<SetupParam> params) implements Message {
        /**
         * @param versions the offered version codes
         * @param params   parameters
         */
        public ClientSetup {
            versions = List.copyOf(versions);
            params = List.copyOf(params);
        }
    }

    /**
     * SERVER_SETUP, sent after stream type 0x21 (ServerCompat) with a 16-bit length.
     *
     * @param version the selected version code
     * @param params  parameters
     */
    record ServerSetup(long version, List<SetupParam> params) implements Message {
        /**
         * @param version the selected version code
         * @param params  parameters
         */
        public ServerSetup {
            params = List.copyOf(params);
        }
    }

    /**
     * A lite-05 SETUP parameter: an id and an opaque value.
     *
     * @param id    1 probe level, 2 path, 3 role, 5 origin
     * @param value the raw value bytes
     */
    record Param(long id, byte[] value) {
        /**
         * @param id    the parameter id
         * @param value the raw bytes
         */
        public Param {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * lite-05 SETUP, the only message of a SETUP unidirectional stream (type 1).
     *
     * @param params parameters
     */
    record Setup(List<Param> params) implements Message {
        /** @param params parameters */
        public Setup {
            params = List.copyOf(params);
        }
    }

    /**
     * ANNOUNCE_INTEREST (lite-02/04), called ANNOUNCE_REQUEST in lite-05: the first message of an
     * Announce stream.
     *
     * @param prefix     broadcast path prefix, {@code ""} for everything
     * @param excludeHop an origin whose broadcasts the peer need not echo (lite-04+), 0 = none
     */
    record AnnounceInterest(String prefix, long excludeHop) implements Message {
    }

    /**
     * ANNOUNCE_OK (lite-05): the publisher's first answer on an Announce stream.
     *
     * @param hop    the publisher's origin id
     * @param active how many ANNOUNCEs of active broadcasts follow as the initial state
     */
    record AnnounceOk(long hop, long active) implements Message {
    }

    /**
     * ANNOUNCE_INIT (lite-01/02): the publisher's first answer, listing the active broadcasts.
     *
     * @param suffixes the active broadcasts' paths relative to the prefix
     */
    record AnnounceInit(List<String> suffixes) implements Message {
        /** @param suffixes the active paths */
        public AnnounceInit {
            suffixes = List.copyOf(suffixes);
        }
    }

    /**
     * ANNOUNCE: a broadcast became active or ended.
     *
     * @param active true = active, false = ended
     * @param suffix the path relative to the requested prefix
     * @param hops   the origins it travelled through (lite-04+)
     */
    record Announce(boolean active, String suffix, List<Long> hops) implements Message {
        /**
         * @param active true = active
         * @param suffix the relative path
         * @param hops   origins
         */
        public Announce {
            hops = List.copyOf(hops);
        }
    }

    /**
     * SUBSCRIBE: the first message of a Subscribe stream.
     *
     * @param id          chosen by the subscriber, unique in the session
     * @param broadcast   the broadcast path
     * @param track       the track name
     * @param priority    subscriber priority, 0..255
     * @param ordered     oldest group first (lite-04+)
     * @param maxLatency  milliseconds (lite-04+)
     * @param startGroup  the first group wanted, or -1 for the latest
     * @param endGroup    the last group wanted (inclusive), or -1 for open-ended
     */
    record Subscribe(long id, String broadcast, String track, int priority, boolean ordered, long maxLatency,
                     long startGroup, long endGroup) implements Message {
    }

    /**
     * SUBSCRIBE_UPDATE (lite-04+), from the subscriber on the Subscribe stream.
     *
     * @param priority   subscriber priority
     * @param ordered    oldest group first
     * @param maxLatency milliseconds
     * @param startGroup first group, or -1
     * @param endGroup   last group, or -1
     */
    record SubscribeUpdate(int priority, boolean ordered, long maxLatency, long startGroup, long endGroup)
            implements Message {
    }

    /**
     * SUBSCRIBE_OK of lite-02 (empty body) and lite-04 (type 0).
     *
     * @param priority   publisher priority (lite-04)
     * @param ordered    ordered (lite-04)
     * @param maxLatency milliseconds (lite-04)
     * @param startGroup the start group, or -1 (lite-04)
     * @param endGroup   the end group, or -1 (lite-04)
     */
    record SubscribeOk(int priority, boolean ordered, long maxLatency, long startGroup, long endGroup)
            implements Message {
    }

    /**
     * lite-05 SUBSCRIBE_OK (type 0; SUBSCRIBE_START upstream): the resolved first group.
     *
     * @param group the first group that will be delivered
     */
    record SubscribeStart(long group) implements Message {
    }

    /**
     * lite-05 SUBSCRIBE_END (type 1): the track ends before this group.
     *
     * @param group the exclusive final sequence
     */
    record SubscribeEnd(long group) implements Message {
    }

    /**
     * SUBSCRIBE_DROP (lite-04 type 1, lite-05 type 2): a range of groups will not be delivered.
     *
     * @param start first dropped group
     * @param end   last dropped group (inclusive)
     * @param code  error code, 0 = simply unavailable
     */
    record SubscribeDrop(long start, long end, long code) implements Message {
    }

    /**
     * TRACK (lite-05): the only request of a Track stream.
     *
     * @param broadcast the broadcast path
     * @param track     the track name
     */
    record TrackRequest(String broadcast, String track) implements Message {
    }

    /**
     * TRACK_INFO (lite-05): the publisher's answer on a Track stream, followed by FIN.
     *
     * @param priority   publisher priority
     * @param ordered    ordered
     * @param maxLatency milliseconds
     * @param timescale  frame timestamp units per second
     */
    record TrackInfo(int priority, boolean ordered, long maxLatency, long timescale) implements Message {
    }

    /**
     * GROUP: the header of a Group unidirectional stream (after its type 0).
     *
     * @param subscribeId the subscription the group belongs to
     * @param sequence    the group's sequence in its track
     */
    record GroupHeader(long subscribeId, long sequence) implements Message {
    }

    /**
     * PROBE (lite-04+), from the publisher on a Probe stream.
     *
     * @param bitrate estimated bitrate, 0 = unknown
     * @param rtt     round-trip time in ms, 0 = unknown
     */
    record Probe(long bitrate, long rtt) implements Message {
    }
}
