package dev.exportflow.api.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import dev.exportflow.api.job.JobLimitsConfig;
import dev.exportflow.api.problem.Problem;
import dev.exportflow.api.problem.ProblemException;

/**
 * Counts each user's open event streams on this replica and refuses one over
 * {@code exportflow.limits.streams-per-user}: a stream holds a connection and a follower for as long as it is open.
 */
@ApplicationScoped
public class StreamSlots {

    static final String RETRY_AFTER_SECONDS = "10";

    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final int perUser;

    public StreamSlots(JobLimitsConfig limits) {
        this.perUser = limits.streamsPerUser();
    }

    /**
     * Takes one of the user's slots.
     *
     * @return the slot, to be closed when the stream ends (closing it twice is harmless)
     * @throws ProblemException 429 when the user already has as many streams open as allowed
     */
    public Slot take(String userId) {
        open.compute(userId, (user, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perUser) {
                throw new ProblemException(new Problem(Problem.TYPE_BASE + "too-many-streams", "Too many event streams", 429,
                        "You already follow " + now + " exports at once (at most " + perUser
                                + "). Close a page or tab that follows one, then try again.",
                        null, null, Map.of("limit", perUser)), Map.of("Retry-After", RETRY_AFTER_SECONDS));
            }
            return now + 1;
        });
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                open.computeIfPresent(userId, (user, count) -> count <= 1 ? null : count - 1);
            }
        };
    }

    /** One open stream's place. */
    public interface Slot extends AutoCloseable {

        @Override
        void close();
    }

    /** Streams the user has open on this replica. */
    public int open(String userId) {
        return open.getOrDefault(userId, 0);
    }
}
