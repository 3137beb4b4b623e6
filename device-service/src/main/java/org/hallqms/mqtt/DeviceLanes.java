package org.hallqms.mqtt;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.hallqms.Threads;

/**
 * Device messages in parallel across devices, in order within one. A screen that says "ready" then "lost" must
 * end up lost: with one shared pool, a busy machine handled the two the other way round and a dead screen was
 * shown as alive. Each device always lands on the same single-threaded lane; many lanes still let a burst of
 * ratings from many evaluators share the store's group commits.
 */
final class DeviceLanes implements AutoCloseable {
    private final ThreadPoolExecutor[] lanes;

    DeviceLanes(int count, int queuePerLane) {
        lanes = new ThreadPoolExecutor[count];
        for (int i = 0; i < count; i++) {
            // A full lane blocks the broker's delivery thread (TCP back-pressure) rather than run the message out
            // of turn on the caller, which would break the order this class exists for.
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queuePerLane),
                    Threads.daemon("qms-device"), (r, pool) -> {
                        if (pool.isShutdown()) {
                            throw new RejectedExecutionException("the device gateway is stopping");
                        }
                        try {
                            pool.getQueue().put(r);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new RejectedExecutionException("interrupted while waiting for a device lane", e);
                        }
                    });
        }
    }

    /** Runs {@code task} after every earlier task of the same {@code key} (a device id; null for garbage). */
    void execute(String key, Runnable task) {
        lanes[key == null ? 0 : Math.floorMod(key.hashCode(), lanes.length)].execute(task);
    }

    @Override
    public void close() {
        for (ThreadPoolExecutor l : lanes) {
            l.shutdown();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try {
            for (ThreadPoolExecutor l : lanes) {
                l.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
