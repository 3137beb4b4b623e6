package org.hallqms.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network receipt printer on loopback: answers DLE EOT status queries as told (paper out, cover open,
 * offline) and keeps every job's bytes, one job per connection, for tests to decode.
 */
public final class FakePrinter implements AutoCloseable {
    private final ServerSocket server;
    private final List<byte[]> jobs = new CopyOnWriteArrayList<>();
    private volatile boolean paperOut;
    private volatile boolean coverOpen;
    private volatile boolean offline;
    private volatile int queries;

    public FakePrinter() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "fake-printer");
        t.setDaemon(true);
        t.start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    public void paperOut(boolean v) {
        paperOut = v;
    }

    public void coverOpen(boolean v) {
        coverOpen = v;
    }

    public void offline(boolean v) {
        offline = v;
    }

    public List<byte[]> jobs() {
        return jobs;
    }

    public int queries() {
        return queries;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                handle(s);
            } catch (IOException e) {
                // closed, or the client went away mid-job
            }
        }
    }

    private void handle(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        ByteArrayOutputStream job = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == 0x10) {
                int eot = in.read();
                int n = in.read();
                if (eot == 0x04) {
                    queries++;
                    out.write(status(n));
                    out.flush();
                    continue;
                }
                job.write(b);
                job.write(eot);
                job.write(n);
                continue;
            }
            job.write(b);
        }
        if (job.size() > 0) {
            jobs.add(job.toByteArray());
        }
    }

    /** Status bytes: bits 1 and 4 are always set; the others as Epson's ESC/POS manual gives them. */
    private int status(int n) {
        int base = 0x12;
        return switch (n) {
            case 1 -> base | (offline || coverOpen || paperOut ? 0x08 : 0);
            case 2 -> base | (coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0);
            case 4 -> base | (paperOut ? 0x60 : 0);
            default -> base;
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
