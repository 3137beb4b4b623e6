package org.hallqms.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hallqms.support.TestHall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: 64 idle {@code /api/v1/live} sockets from one address locked out the real board. Real sockets from
 * chosen loopback addresses stand for the machines of the hall (127.0.0.1 itself is this machine's own browser).
 */
class LiveLimitsTest {
    @TempDir
    Path dir;
    private final List<LiveSocket> open = new ArrayList<>();

    /** An EventSource as a board holds it: connects, reads the first event, stays open. */
    static final class LiveSocket implements AutoCloseable {
        final Socket socket = new Socket();
        final String event;
        final String data;

        LiveSocket(String from, int port) throws IOException {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET /api/v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String e = null;
            String d = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) {
                    e = line.substring(7);
                } else if (e != null && line.startsWith("data: ")) {
                    d = line.substring(6);
                    break;
                }
            }
            this.event = e;
            this.data = d;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private LiveSocket live(String from, int port) throws IOException {
        LiveSocket s = new LiveSocket(from, port);
        open.add(s);
        return s;
    }

    @AfterEach
    void closeAll() throws IOException {
        for (LiveSocket s : open) {
            s.close();
        }
    }

    @Test
    void sixty_four_idle_sockets_from_one_address_get_four_slots_and_the_board_still_connects() throws Exception {
        try (TestHall hall = TestHall.start(dir)) {
            int port = hall.hall().httpPort();
            int refused = 0;
            for (int i = 0; i < 64; i++) {
                LiveSocket s = live("127.0.0.2", port);
                if (i < 4) {
                    assertThat(s.event).as("socket " + i).isEqualTo("snapshot");
                } else {
                    assertThat(s.event).as("socket " + i).isEqualTo("refused");
                    assertThat(s.data).contains("too many live clients from this address (at most 4)");
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(60);
            assertThat(live("127.0.0.3", port).event).as("the real board").isEqualTo("snapshot");
            assertThat(live("127.0.0.1", port).event).as("this machine's browser").isEqualTo("snapshot");

            // a closed socket gives its slot back (found at the next event written to it)
            for (LiveSocket s : open.subList(0, 4)) {
                s.close();
            }
            int[] n = {0};
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                hall.issue("id-card", "wake-" + n[0]++);
                try (LiveSocket again = new LiveSocket("127.0.0.2", port)) {
                    return "snapshot".equals(again.event);
                }
            });
        }
    }

    @Test
    void strangers_from_many_addresses_cannot_take_the_room_kept_for_boards_and_consoles() throws Exception {
        // 8 in all: strangers may hold 6, 2 are kept for known addresses
        try (TestHall hall = TestHall.start(dir, "QMS_LIVE_MAX_CLIENTS", "8", "QMS_LIVE_TRUSTED", "127.0.0.98")) {
            int port = hall.hall().httpPort();
            for (int i = 0; i < 6; i++) {
                assertThat(live("127.0.1." + (i + 1), port).event).isEqualTo("snapshot");
            }
            LiveSocket stranger = live("127.0.1.50", port);
            assertThat(stranger.event).isEqualTo("refused");
            assertThat(stranger.data).contains("kept for the hall's boards and consoles");

            // the wall board's PC named in QMS_LIVE_TRUSTED
            assertThat(live("127.0.0.98", port).event).isEqualTo("snapshot");
            // the officer's console: logs in from its machine, then opens the live stream
            String login = RawHttp.post("127.0.0.99", port, "/api/v1/counters/1/session",
                    "{\"officer\":\"510001\",\"pin\":\"" + TestHall.PIN + "\"}");
            assertThat(login).startsWith("HTTP/1.1 201");
            assertThat(live("127.0.0.99", port).event).isEqualTo("snapshot");
            // now everything is taken: even a known address is told so
            LiveSocket full = live("127.0.0.1", port);
            assertThat(full.event).isEqualTo("refused");
            assertThat(full.data).contains("too many live clients (at most 8)");
        }
    }
}
