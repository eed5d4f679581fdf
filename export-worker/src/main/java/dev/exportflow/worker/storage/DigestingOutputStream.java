package dev.exportflow.worker.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes (SHA-256) every byte on its way to the store, so the file's facts are known when it is complete. */
public final class DigestingOutputStream extends OutputStream {

    private final OutputStream target;
    private final MessageDigest sha256;
    private volatile long bytes;

    public DigestingOutputStream(OutputStream target) {
        this.target = target;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        sha256.update((byte) b);
        bytes++;
        target.write(b);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        sha256.update(data, offset, length);
        bytes += length;
        target.write(data, offset, length);
    }

    /** Bytes written so far; any thread may ask (writes come in chunks of kilobytes, so the volatile costs nothing). */
    public long bytes() {
        return bytes;
    }

    /** The hash of everything written; call once, at the end. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    @Override
    public void flush() {
        // parts are sent when they are full, never because a writer flushes
    }

    @Override
    public void close() {
        // the target is completed or aborted by its owner, not by closing this stream
    }
}
