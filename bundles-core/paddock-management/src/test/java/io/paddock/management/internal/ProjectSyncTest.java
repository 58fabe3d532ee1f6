package io.paddock.management.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProjectSyncTest {

    @Test
    void memoryQuantitiesUseTheLargestBinaryUnitThatFits() {
        assertEquals("8Gi", ProjectSync.memory(8L << 30).toString());
        assertEquals("512Mi", ProjectSync.memory(512L << 20).toString());
        assertEquals("1536Mi", ProjectSync.memory(1536L << 20).toString());
        assertEquals("1000", ProjectSync.memory(1000).toString());
    }
}
