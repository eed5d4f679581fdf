package dev.exportflow.worker.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.exportflow.worker.claim.JobKey;

class QueuedAcknowledgementsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration AFTER = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final QueuedAcknowledgements acknowledgements = new QueuedAcknowledgements(AFTER, clock,
            (key, since, traceParent) -> published.add(key.generation() + "@" + since + "/" + traceParent));
    private final AtomicBoolean kafkaAway = new AtomicBoolean();

    @Test
    void aJobTakenBeforeItsTimeIsNeverAcknowledged() {
        JobKey key = key();
        acknowledgements.owe(key, "trace");

        clock.now = T0.plusSeconds(5);
        acknowledgements.taken(key);
        clock.now = T0.plus(AFTER).plusSeconds(1);
        acknowledgements.publishDue();

        assertThat(published).isEmpty();
    }

    @Test
    void aJobThatWaitsIsAcknowledgedOnceWithTheTimeItWasQueued() {
        acknowledgements.owe(key(), "trace");

        clock.now = T0.plus(AFTER).minusMillis(1);
        acknowledgements.publishDue();
        assertThat(published).as("not yet").isEmpty();

        clock.now = T0.plus(AFTER);
        acknowledgements.publishDue();
        acknowledgements.publishDue();
        assertThat(published).containsExactly("1@" + T0 + "/trace");
    }

    @Test
    void aDuplicateRequestIsAcknowledgedAtOnceAndOnlyThen() {
        JobKey key = key();
        acknowledgements.owe(key, "trace");

        clock.now = T0.plusSeconds(3);
        acknowledgements.now(key, "again");
        clock.now = T0.plus(AFTER);
        acknowledgements.publishDue();

        assertThat(published).containsExactly("1@" + T0.plusSeconds(3) + "/again");
    }

    @Test
    void beyondTheLimitOrWithNoWaitARequestIsAcknowledgedAtOnce() {
        for (int i = 0; i < QueuedAcknowledgements.MAX_OWED; i++) {
            acknowledgements.owe(key(), null);
        }
        assertThat(published).isEmpty();
        acknowledgements.owe(key(), "over");
        assertThat(published).containsExactly("1@" + T0 + "/over");

        QueuedAcknowledgements atOnce = new QueuedAcknowledgements(Duration.ZERO, clock,
                (key, since, traceParent) -> published.add("at once " + traceParent));
        atOnce.owe(key(), "zero");
        assertThat(published).endsWith("at once zero");
    }

    @Test
    void aRoundStopsAtTheFirstFailureAndTheRestWaitForTheNext() {
        List<String> tries = new CopyOnWriteArrayList<>();
        QueuedAcknowledgements flaky = new QueuedAcknowledgements(AFTER, clock, (key, since, traceParent) -> {
            tries.add(traceParent);
            return !kafkaAway.get();
        });
        for (int i = 0; i < 5; i++) {
            flaky.owe(key(), "job " + i);
        }
        clock.now = T0.plus(AFTER);

        kafkaAway.set(true);
        flaky.publishDue();
        assertThat(tries).as("one try, then the round ends").hasSize(1);

        kafkaAway.set(false);
        flaky.publishDue();
        assertThat(tries).as("the four left, once each").hasSize(5).doesNotHaveDuplicates();
        flaky.publishDue();
        assertThat(tries).hasSize(5);
    }

    private static JobKey key() {
        return new JobKey(UUID.randomUUID(), 1);
    }

    /** A clock the test moves. */
    private static final class SettableClock extends Clock {

        private volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
