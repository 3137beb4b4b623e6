package org.hallqms.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import org.hallqms.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer thread and the queue in front of it. Callers wait for their operation's result; the thread
 * takes whatever is waiting (up to {@link #BATCH}) and hands it to the store as one batch, one transaction.
 */
final class WriteQueue {
    private static final Logger log = LoggerFactory.getLogger(WriteQueue.class);
    static final int BATCH = 256;
    static final long TIMEOUT_SECONDS = 30;

    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Consumer<List<Pending<?>>> runBatch;
    private final BiFunction<String, Throwable, StoreException> failure;
    private final Thread writer;
    private volatile boolean open = true;

    /** {@code failure} turns a checked cause into the store's exception (it knows whether the disk is full). */
    WriteQueue(Consumer<List<Pending<?>>> runBatch, BiFunction<String, Throwable, StoreException> failure) {
        this.runBatch = runBatch;
        this.failure = failure;
        this.writer = Threads.daemon("qms-writer").newThread(this::loop);
        writer.start();
    }

    boolean isOpen() {
        return open;
    }

    /** Queues {@code op} and waits for its result, which exists only after its batch has committed. */
    <T> T submit(Store.WriteOp<T> op) {
        if (!open) {
            throw new StoreException("the store is closed", null);
        }
        Pending<T> p = new Pending<>(op);
        queue.add(p);
        try {
            return p.future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw failure.apply("write failed: " + c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new StoreException("the database did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(BATCH);
        while (open || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                runBatch.accept(batch);
            } catch (InterruptedException e) {
                // close() interrupts only after the queue has drained or its wait ran out.
                break;
            } catch (RuntimeException | Error e) {
                log.error("store: writer failed on a batch of {}", batch.size(), e);
                for (Pending<?> p : batch) {
                    p.future.completeExceptionally(e);
                }
            } finally {
                batch.clear();
            }
        }
    }

    /** Stops taking operations, lets the writer finish what is queued (bounded), refuses what is left. */
    void close() {
        open = false;
        try {
            writer.join(10_000);
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending<?> p : queue) {
            p.future.completeExceptionally(new StoreException("the store is closed", null));
        }
    }

    /** One queued operation and the future its caller waits on. */
    static final class Pending<T> {
        final Store.WriteOp<T> op;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Pending(Store.WriteOp<T> op) {
            this.op = op;
        }

        @SuppressWarnings("unchecked")
        void complete(Object result) {
            if (result instanceof Failure f) {
                future.completeExceptionally(f.error());
            } else {
                future.complete((T) result);
            }
        }
    }

    /** An operation's result when it threw: its savepoint was rolled back, the batch went on. */
    record Failure(Exception error) {
    }
}
