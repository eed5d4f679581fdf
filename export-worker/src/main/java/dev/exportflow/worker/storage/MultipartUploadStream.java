package dev.exportflow.worker.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.minio.messages.Part;

/**
 * An {@code OutputStream} that becomes one object: bytes fill a part buffer, a full part is uploaded in
 * the background while the next one fills, and {@link #complete(Map)} makes the object visible. At most
 * {@code partsInFlight + 1} buffers ever exist, so memory does not grow with the file: the first is the export's own,
 * the others are borrowed from the replica's spare part buffers while there are any (without one the stream waits for
 * its own part's upload) and given back when the object is complete or aborted. A file smaller than
 * one part is sent in a single PUT; the first buffer starts at {@value #FIRST_BUFFER} bytes and doubles as it fills,
 * so such a file never costs a whole part's memory (8 MiB for a few KB was most of what a small export allocated).
 * Closing without completing aborts the upload: nothing becomes visible. Metadata known only at the end (rows,
 * checksum) goes with the single PUT, or onto the finished multipart object by a server-side copy.
 *
 * <p>Not thread-safe: one export thread writes; upload callbacks only return buffers and record failures.
 */
public final class MultipartUploadStream extends OutputStream {

    private static final int MAX_PARTS = 10_000;
    private static final int FIRST_BUFFER = 64 * 1024;
    private static final long ABORT_WAIT_SECONDS = 30;

    private final ExportStorage storage;
    private final ObjectTarget target;
    private final int partSize;
    private final Semaphore slots;
    private final BlockingQueue<byte[]> spare;
    private final int maxBuffers;
    private final Semaphore sparePartBuffers;
    private final AtomicInteger borrowed = new AtomicInteger();
    private final Consumer<String> uploadStarted;
    private final List<CompletableFuture<Part>> parts = new ArrayList<>();

    private int buffersAllocated;
    private byte[] buffer;
    private int filled;
    private String uploadId;
    private volatile Throwable failure;
    private boolean completed;
    private boolean closed;

    MultipartUploadStream(ExportStorage storage, ObjectTarget target, int partSize, int partsInFlight,
            Semaphore sparePartBuffers, Consumer<String> uploadStarted) {
        this.storage = storage;
        this.target = target;
        this.partSize = partSize;
        this.slots = new Semaphore(partsInFlight);
        this.maxBuffers = partsInFlight + 1;
        this.spare = new ArrayBlockingQueue<>(maxBuffers);
        this.sparePartBuffers = sparePartBuffers;
        this.uploadStarted = uploadStarted;
    }

    @Override
    public void write(int b) throws IOException {
        ensureWritable();
        ensureRoom();
        buffer[filled++] = (byte) b;
        if (filled == partSize) {
            sendPart();
        }
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        ensureWritable();
        int from = offset;
        int remaining = length;
        while (remaining > 0) {
            ensureRoom();
            int chunk = Math.min(remaining, buffer.length - filled);
            System.arraycopy(data, from, buffer, filled, chunk);
            filled += chunk;
            from += chunk;
            remaining -= chunk;
            if (filled == partSize) {
                sendPart();
            }
        }
    }

    /**
     * Uploads what is left and makes the object visible under its key, with {@code facts} (known only now, such as
     * the row count) added to its metadata.
     *
     * @param beforeVisible runs once every byte is in the store, right before the object is made visible; it throws
     *        to leave the object invisible (closing the stream then aborts the upload)
     */
    public void complete(Map<String, String> facts, Runnable beforeVisible) throws IOException {
        ensureWritable();
        ObjectTarget described = target.withMetadata(facts);
        if (uploadId == null) {
            byte[] whole = buffer == null ? new byte[0] : buffer;
            beforeVisible.run();
            await(storage.putWhole(described, whole, filled), "put " + target.key());
            completed = true;
        } else {
            if (filled > 0) {
                sendPart();
            }
            List<Part> uploaded = new ArrayList<>(parts.size());
            for (CompletableFuture<Part> part : parts) {
                uploaded.add(await(part, "upload a part of " + target.key()));
            }
            throwIfFailed();
            beforeVisible.run();
            await(storage.completeUpload(target.key(), uploadId, uploaded.toArray(Part[]::new)),
                    "complete upload of " + target.key());
            completed = true;
            storage.replaceMetadata(described);
        }
        buffer = null;
        spare.clear();
        giveBackBorrowed();
    }

    /** How many spare part buffers of the replica this stream holds now. */
    int borrowed() {
        return borrowed.get();
    }

    /** The id of the multipart upload, or null while the file still fits in one part. */
    public String uploadId() {
        return uploadId;
    }

    /**
     * Aborts the upload unless it was completed. Parts still in flight do not delay the abort: once they have
     * finished, the upload is aborted once more, so that no part can outlive it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffer = null;
        spare.clear();
        if (completed || uploadId == null) {
            giveBackBorrowed();
            return;
        }
        storage.abortQuietly(target.key(), uploadId);
        CompletableFuture<?>[] inFlight = parts.stream().filter(part -> !part.isDone()).toArray(CompletableFuture[]::new);
        if (inFlight.length == 0) {
            giveBackBorrowed();
            return;
        }
        // parts still uploading hold their buffers: the borrowed ones go back once they end, or after the wait
        String abandoned = uploadId;
        CompletableFuture.allOf(inFlight)
                .orTimeout(ABORT_WAIT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((done, error) -> {
                    giveBackBorrowed();
                    storage.abortQuietly(target.key(), abandoned);
                });
    }

    private void giveBackBorrowed() {
        sparePartBuffers.release(borrowed.getAndSet(0));
    }

    private void sendPart() throws IOException {
        throwIfFailed();
        if (uploadId == null) {
            uploadId = await(storage.createUpload(target), "create upload of " + target.key());
            uploadStarted.accept(uploadId);
        }
        int number = parts.size() + 1;
        if (number > MAX_PARTS) {
            throw new StorageException("The file is too large for " + MAX_PARTS + " parts of " + partSize + " bytes", null,
                    false);
        }
        acquireSlot();
        byte[] data = buffer;
        int length = filled;
        buffer = null;
        filled = 0;
        parts.add(storage.uploadPart(target.key(), uploadId, number, data, length).whenComplete((part, error) -> {
            if (error != null && failure == null) {
                failure = error;
            }
            spare.offer(data);
            slots.release();
        }));
    }

    /** A buffer with room for one more byte at least: a new one, or the first one grown, up to a whole part. */
    private void ensureRoom() throws IOException {
        if (buffer == null) {
            buffer = takeBuffer();
        } else if (filled == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(partSize, 2 * buffer.length));
        }
    }

    /** Its own buffer first, then a borrowed one while any is spare, else its own or a borrowed one once uploaded. */
    private byte[] takeBuffer() throws IOException {
        byte[] free = spare.poll();
        if (free != null) {
            return free;
        }
        if (buffersAllocated == 0) {
            buffersAllocated++;
            return new byte[Math.min(partSize, FIRST_BUFFER)];
        }
        if (buffersAllocated < maxBuffers && sparePartBuffers.tryAcquire()) {
            borrowed.incrementAndGet();
            buffersAllocated++;
            return new byte[partSize];
        }
        try {
            // every buffer it has is a part being uploaded, which gives it back when done
            return spare.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for a part buffer");
        }
    }

    private void acquireSlot() throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for a part upload to finish");
        }
        throwIfFailedReleasing();
    }

    private void throwIfFailedReleasing() throws IOException {
        if (failure != null) {
            slots.release();
            throw StorageException.of("upload a part of " + target.key(), failure);
        }
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw StorageException.of("upload a part of " + target.key(), failure);
        }
    }

    private void ensureWritable() throws IOException {
        if (closed || completed) {
            throw new IOException("The upload of " + target.key() + " is already " + (completed ? "complete" : "aborted"));
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted during " + what);
        } catch (java.util.concurrent.ExecutionException e) {
            throw StorageException.of(what, e);
        }
    }
}
