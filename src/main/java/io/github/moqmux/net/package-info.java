/**
 * moq-lite over any multiplexed-stream transport: {@link io.github.moqmux.net.MoqSession} (one
 * per {@link io.github.moqmux.net.mux.MuxConnection}, publisher and subscriber at once, versions
 * lite-02, lite-04 and lite-05), {@link io.github.moqmux.net.MoqOrigin} (the broadcasts served)
 * and {@link io.github.moqmux.net.NetworkBroadcast} (a {@link io.github.moqmux.lite.BroadcastProducer}
 * whose frames go to every subscribed session, with bounded memory per track and per subscriber).
 *
 * <p>The transports live elsewhere: the session is written against
 * {@link io.github.moqmux.net.mux} only, and the wire codecs are in
 * {@link io.github.moqmux.net.wire}.
 */
package io.github.moqmux.net;
