package org.hallqms.print;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thermal printer: a network printer on raw TCP (port 9100) or a device file such as /dev/usb/lp0. Over TCP
 * its status is read with DLE EOT before each job and every few seconds; a device file cannot answer, so its
 * state is "unknown" until a write fails.
 */
public final class Printer {
    private static final Logger log = LoggerFactory.getLogger(Printer.class);
    static final int CONNECT_MILLIS = 2000;
    static final int READ_MILLIS = 1500;

    /** ok, paper-out, cover-open, offline (unreachable or says so), unknown (a device file). */
    public enum State {
        OK("ok"), PAPER_OUT("paper-out"), COVER_OPEN("cover-open"), OFFLINE("offline"), UNKNOWN("unknown");

        private final String wire;

        State(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** Whether a job may be sent: a device file's unknown state is tried. */
        public boolean printable() {
            return this == OK || this == UNKNOWN;
        }
    }

    private final String name;
    private final String target;
    private final URI tcp;
    private final Path file;
    private volatile State state = State.UNKNOWN;
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();

    private Printer(String name, String target) {
        this.name = name;
        this.target = target;
        if (target.startsWith("tcp://")) {
            this.tcp = URI.create(target);
            this.file = null;
        } else {
            this.tcp = null;
            this.file = Path.of(target);
        }
    }

    /** {@code tcp://host:port} or a device file path; the format is checked by the config loader. */
    public static Printer of(String name, String target) {
        return new Printer(name, target);
    }

    public String name() {
        return name;
    }

    public String target() {
        return target;
    }

    public State state() {
        return state;
    }

    /** Told each time the state changes, whoever asked the printer (a job, the poll, a kiosk button). */
    public void onChange(Consumer<State> listener) {
        listeners.add(listener);
    }

    /** Asks the printer how it is (TCP only) and remembers the answer. */
    public State refresh() {
        if (tcp == null) {
            return state;
        }
        try (Socket s = connect()) {
            return remember(query(s));
        } catch (IOException e) {
            return remember(State.OFFLINE);
        }
    }

    /**
     * Sends one job. Over TCP the status is read first and nothing is sent unless the printer can print, so a
     * ticket is not left in a printer's buffer to come out after the citizen has gone.
     *
     * @return true when the job was handed to a printer that said it could print it
     */
    public boolean print(byte[] job) {
        if (tcp != null) {
            try (Socket s = connect()) {
                State st = remember(query(s));
                if (!st.printable()) {
                    return false;
                }
                OutputStream out = s.getOutputStream();
                out.write(job);
                out.flush();
                return true;
            } catch (IOException e) {
                remember(State.OFFLINE);
                return false;
            }
        }
        try (OutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write(job);
            out.flush();
            remember(State.UNKNOWN);
            return true;
        } catch (IOException e) {
            remember(State.OFFLINE);
            return false;
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(tcp.getHost(), tcp.getPort()), CONNECT_MILLIS);
            s.setSoTimeout(READ_MILLIS);
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** DLE EOT 4 (paper roll), 2 (cover, paper end), 1 (online), in that order of what matters to a citizen. */
    private static State query(Socket s) throws IOException {
        int paper = ask(s, 4);
        if ((paper & 0x60) == 0x60) {
            return State.PAPER_OUT;
        }
        int offlineCause = ask(s, 2);
        if ((offlineCause & 0x04) != 0) {
            return State.COVER_OPEN;
        }
        if ((offlineCause & 0x20) != 0) {
            return State.PAPER_OUT;
        }
        int printer = ask(s, 1);
        return (printer & 0x08) != 0 ? State.OFFLINE : State.OK;
    }

    private static int ask(Socket s, int n) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(new byte[] {0x10, 0x04, (byte) n});
        out.flush();
        InputStream in = s.getInputStream();
        int b = in.read();
        if (b < 0) {
            throw new IOException("the printer closed the connection");
        }
        return b;
    }

    private State remember(State next) {
        State before = state;
        state = next;
        if (before != next) {
            if (next == State.OK) {
                log.info("print {}: {} is ready again", name, target);
            } else if (next != State.UNKNOWN) {
                log.warn("print {}: {} is {}", name, target, next.wire());
            }
            listeners.forEach(l -> l.accept(next));
        }
        return next;
    }
}
