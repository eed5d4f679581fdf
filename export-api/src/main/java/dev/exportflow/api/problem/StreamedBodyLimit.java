package dev.exportflow.api.problem;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import dev.exportflow.api.job.JobLimitsConfig;

/**
 * Stops reading a request body once it passed {@code exportflow.limits.max-body-size} and answers a problem+json 413:
 * the limit for bodies that announce no length (chunked), which {@link HttpLayerProblems} cannot see coming. The HTTP
 * layer's own limit ({@code quarkus.http.limits.max-body-size}) is higher and never reached first.
 */
@Provider
public class StreamedBodyLimit implements ReaderInterceptor {

    private final Instance<JobLimitsConfig> limits;

    /** @param limits looked up on use: interceptors are made while the application is built, before its config */
    public StreamedBodyLimit(Instance<JobLimitsConfig> limits) {
        this.limits = limits;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Limited(context.getInputStream(), limits.get().maxBodySize()));
        return context.proceed();
    }

    /** Counts what is read and refuses the byte after the limit. */
    private static final class Limited extends FilterInputStream {

        private final long maxBytes;
        private long read;

        Limited(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long bytes) throws BodyTooLargeException {
            read += bytes;
            if (read > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }
    }

    /**
     * The body passed the limit while being read. An IOException, because Jackson passes those on as they are (a
     * runtime exception from the stream would come back wrapped as a malformed body); {@link ProblemMappers} answers
     * it with the 413 problem.
     */
    public static final class BodyTooLargeException extends IOException {

        private final long maxBytes;

        BodyTooLargeException(long maxBytes) {
            super("request body over " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        public ProblemException problem() {
            return HttpLayerProblems.bodyTooLarge(maxBytes);
        }
    }
}
