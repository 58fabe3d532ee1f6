package io.paddock.localcluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackPortsTest {

    @Test
    void portsComeFromBelowTheEphemeralRangeAndCanBeBound() throws Exception {
        int firstEphemeral = LoopbackPorts.ephemeralRange(LoopbackPorts.EPHEMERAL_RANGE)[0];
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = LoopbackPorts.free();
            assertTrue(port >= LoopbackPorts.LOWEST && port < firstEphemeral, port + " is not below " + firstEphemeral);
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            }
            ports.add(port);
        }
        assertEquals(50, ports.size(), "a port was handed out twice");
    }

    @Test
    void theEphemeralRangeIsReadFromTheKernelsFileOrDefaulted(@TempDir Path dir) throws Exception {
        Path range = Files.writeString(dir.resolve("ip_local_port_range"), "40000\t50000\n");
        assertArrayEquals(new int[] {40000, 50000}, LoopbackPorts.ephemeralRange(range));
        assertArrayEquals(LoopbackPorts.DEFAULT_EPHEMERAL, LoopbackPorts.ephemeralRange(dir.resolve("missing")));
        assertArrayEquals(LoopbackPorts.DEFAULT_EPHEMERAL, LoopbackPorts.ephemeralRange(Files.writeString(dir.resolve("bad"), "x")));
    }
}
