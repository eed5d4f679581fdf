package dev.exportflow.worker.source;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import dev.exportflow.worker.WorkerPool;

import io.quarkus.logging.Log;

/**
 * Reads a cursor on a thread of Quarkus's worker pool, a few batches ahead of the thread that writes the file.
 * A cursor fetch is a round trip: without read-ahead the database waits while the CSV is written
 * and the writer waits while the database produces the next rows. With it both work at once, as
 * long as the reading thread does little more than fetch: it takes each row's cells as the driver
 * received them and leaves all converting to the writer. Memory stays bounded: at most
 * {@code depth} batches of {@code batchSize} rows are held, and few enough rows stay alive between
 * two young-generation collections that those remain cheap.
 */
public final class RowPrefetcher implements AutoCloseable {

    /** Takes the cells of the cursor's current row (null for SQL NULL); should be cheap, see the class comment. */
    @FunctionalInterface
    public interface RowReader {
        byte[][] read(ResultSet rows) throws SQLException;
    }

    private static final Object END = new Object();

    private final SourceCursor cursor;
    private final RowReader reader;
    private final int batchSize;
    private final BlockingQueue<Object> batches;
    /** Runs the one reading task; shut down on close, which interrupts the task if it still waits. */
    private final ExecutorService readingThread = WorkerPool.view(1);
    private volatile boolean closed;

    private RowPrefetcher(SourceCursor cursor, RowReader reader, int batchSize, int depth) {
        this.cursor = cursor;
        this.reader = reader;
        this.batchSize = batchSize;
        this.batches = new ArrayBlockingQueue<>(depth + 1);
    }

    public static RowPrefetcher start(SourceCursor cursor, RowReader reader, int batchSize, int depth) {
        RowPrefetcher prefetcher = new RowPrefetcher(cursor, reader, batchSize, depth);
        prefetcher.readingThread.execute(prefetcher::readAll);
        return prefetcher;
    }

    /**
     * The next batch of rows, waiting for it if needed; null after the last row.
     *
     * @throws SQLException what reading the cursor threw (a failed or cancelled query)
     */
    public byte[][][] next() throws SQLException, InterruptedException {
        Object next = batches.take();
        if (next == END) {
            batches.offer(END); // later calls see the end too
            return null;
        }
        if (next instanceof SQLException failure) {
            throw failure;
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        return (byte[][][]) next;
    }

    /** Stops reading (if the writer gave up early) and waits briefly for the reading thread. */
    @Override
    public void close() {
        closed = true;
        batches.clear();
        readingThread.shutdownNow();
        try {
            readingThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readAll() {
        try {
            while (!closed) {
                byte[][][] batch = new byte[batchSize][][];
                int count = 0;
                while (count < batchSize && !closed && cursor.next()) {
                    batch[count++] = reader.read(cursor.row());
                }
                if (count > 0) {
                    batches.put(count == batchSize ? batch : Arrays.copyOf(batch, count));
                }
                if (count < batchSize) {
                    batches.put(END);
                    return;
                }
            }
        } catch (SQLException | RuntimeException e) {
            if (!closed) {
                batches.offer(e);
            } else {
                Log.debugf("reading stopped after the writer gave up: %s", e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed by the writer: nothing more to hand over
        }
    }
}
