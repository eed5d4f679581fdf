package dev.exportflow.systemtests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** What a stored export file holds: its SHA-256 as stored, and how many data rows its CSV has. */
record ExportFile(String sha256, long rows) {

    /**
     * Reads a file as the worker wrote it. Rows are counted as RFC 4180 records (a line break inside quotes belongs to
     * its cell), less the header line when there is one.
     */
    static ExportFile of(byte[] stored, boolean gzip, boolean header) {
        try (InputStream csv = gzip ? new GZIPInputStream(new ByteArrayInputStream(stored)) : new ByteArrayInputStream(stored)) {
            long records = records(csv);
            return new ExportFile(sha256(stored), header ? Math.max(0, records - 1) : records);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read an export file", e);
        }
    }

    private static long records(InputStream csv) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long records = 0;
        boolean quoted = false;
        int last = '\n';
        for (int read = csv.read(buffer); read >= 0; read = csv.read(buffer)) {
            for (int i = 0; i < read; i++) {
                byte b = buffer[i];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n' && !quoted) {
                    records++;
                }
            }
            if (read > 0) {
                last = buffer[read - 1];
            }
        }
        return last == '\n' ? records : records + 1;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
