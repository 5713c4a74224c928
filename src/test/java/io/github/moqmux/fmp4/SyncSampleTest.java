package io.github.moqmux.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncSampleTest {
    @Test
    void followsSampleDependsOnAndNonSyncFlag() {
        assertThat(Fmp4Importer.isSyncSample(0x0200_0000)).isTrue();   // ffmpeg keyframe
        assertThat(Fmp4Importer.isSyncSample(0x0101_0000)).isFalse();  // ffmpeg non-keyframe
        assertThat(Fmp4Importer.isSyncSample(0x0201_0000)).isFalse();  // independent but flagged non-sync
        assertThat(Fmp4Importer.isSyncSample(0x0100_0000)).isFalse();  // depends on others
        assertThat(Fmp4Importer.isSyncSample(0x0000_0000)).isTrue();   // unknown dependency, sync
        assertThat(Fmp4Importer.isSyncSample(0x0001_0000)).isFalse();  // unknown dependency, non-sync
    }
}
