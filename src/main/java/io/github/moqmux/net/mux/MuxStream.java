package io.github.moqmux.net.mux;

/** A bidirectional stream: both halves. */
public interface MuxStream extends MuxSendStream, MuxRecvStream {
}
