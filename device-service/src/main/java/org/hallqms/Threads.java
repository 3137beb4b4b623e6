package org.hallqms;

import java.util.concurrent.ThreadFactory;

/** Named daemon threads: a thread dump on a board should say whose thread is stuck. */
public final class Threads {
    private Threads() {
    }

    public static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
