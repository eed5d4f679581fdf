package dev.exportflow.worker.format;

import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A {@link RowWriter} whose file is written by one of Jackson's streaming generators (CSV, JSON Lines), optionally
 * through gzip: how such a file ends, or is given up, is the same for every format.
 */
public abstract class JacksonRowWriter<G extends JsonGenerator> extends RowWriter {

    protected final G generator;
    /** Null when the file is not compressed. */
    private final Gzip gzip;

    protected JacksonRowWriter(G generator, Gzip gzip, List<ExportColumn> columns, ZoneId zone, boolean zonedBySource) {
        super(columns, zone, zonedBySource);
        this.generator = generator;
        this.gzip = gzip;
    }

    @Override
    public final void finish() throws IOException {
        generator.flush();
        generator.close();
        if (gzip != null) {
            gzip.finish();
            gzip.release();
        }
    }

    @Override
    public final void discard() {
        if (gzip != null) {
            gzip.release();
        }
    }
}
