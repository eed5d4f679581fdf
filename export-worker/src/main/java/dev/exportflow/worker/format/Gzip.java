package dev.exportflow.worker.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** Gzip with a chosen level and a way to free the deflater's native memory without finishing the stream. */
public final class Gzip extends GZIPOutputStream {

    private static final int BUFFER = 64 * 1024;

    public Gzip(OutputStream target, int level) throws IOException {
        super(target, BUFFER);
        def.setLevel(level);
    }

    /** Frees the deflater; for a file that is given up, or once it is finished. */
    public void release() {
        def.end();
    }

    @Override
    public void close() throws IOException {
        finish();
        release();
    }
}
