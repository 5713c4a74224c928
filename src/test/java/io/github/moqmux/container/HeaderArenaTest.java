package io.github.moqmux.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderArenaTest {

    @Test
    void headersStayIntactAcrossChunksAndAreFreedWithTheirLastSlice() {
        HeaderArena arena = HeaderArena.current();
        List<ByteBuf> headers = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        // Enough 8-byte varints to fill several chunks.
        for (long i = 0; i < 4L * HeaderArena.CHUNK_SIZE; i++) {
            long v = (i * 1_000_003L) % (1L << 40);
            headers.add(arena.varint(v, VarInt.size(v)));
            values.add(v);
        }
        for (int i = 0; i < headers.size(); i++) {
            ByteBuf h = headers.get(i);
            assertThat(h.readableBytes()).isEqualTo(VarInt.size(values.get(i)));
            assertThat(VarInt.read(h)).isEqualTo(values.get(i));
            assertThat(h.isReadable()).isFalse();
        }
        ByteBuf first = headers.get(0);
        ByteBuf firstChunk = first.unwrap();
        assertThat(firstChunk.refCnt()).as("the arena let go of the full chunk; its slices hold it").isPositive();
        headers.forEach(ByteBuf::release);
        assertThat(firstChunk.refCnt()).as("freed with its last slice").isZero();
    }

    @Test
    void eachThreadHasItsOwnArena() throws Exception {
        HeaderArena[] other = new HeaderArena[1];
        Thread t = new Thread(() -> other[0] = HeaderArena.current());
        t.start();
        t.join();
        assertThat(other[0]).isNotNull().isNotSameAs(HeaderArena.current());
    }
}
