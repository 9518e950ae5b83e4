package io.groupbridge.store;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One writer thread that sends a run's buffered rows while the run goes on reading the directory, so that a full
 * run costs about the longer of the read and the write rather than their sum (issue 13, point 3). The hand-off is
 * bounded: at most one batch is being written while the next one fills; {@link #send} waits for the batch before.
 *
 * <p>The run's handle is used by one thread at a time: a batch's work alone while it is in flight, the run's own
 * thread only after {@link #await}, whose wait orders the two. Not thread-safe itself: the run's thread calls it.
 */
final class WriteBehind implements AutoCloseable {

    private final ExecutorService writer = Executors.newSingleThreadExecutor(work -> {
        Thread t = new Thread(work, "groupbridge-store-writer");
        t.setDaemon(true);
        return t;
    });
    // The batch being written, null when none is.
    private Future<?> inFlight;

    /** Waits for the batch in flight, then starts writing this one. */
    void send(Runnable batch) {
        await();
        inFlight = writer.submit(batch);
    }

    /**
     * Waits until nothing is in flight.
     *
     * @throws RuntimeException the one the batch in flight failed with, as it was thrown
     */
    void await() {
        if (inFlight == null) {
            return;
        }
        Future<?> batch = inFlight;
        inFlight = null;
        try {
            waitFor(batch);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Waits for the batch in flight whatever it ends with: the run failed, and its rollback must not meet a batch
     * still writing on the same connection.
     */
    void abandon() {
        try {
            await();
        } catch (RuntimeException | Error ignored) {
            // The run already fails with its own error, which says more than a batch cut short by it.
        }
    }

    @Override
    public void close() {
        abandon();
        writer.shutdown();
    }

    /** Waits even when interrupted (and keeps the interrupt): the connection is the batch's until it ends. */
    private static void waitFor(Future<?> batch) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    batch.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
