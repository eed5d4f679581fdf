package dev.exportflow.worker.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.claim.Claim;
import dev.exportflow.worker.claim.ClaimLeases;
import dev.exportflow.worker.claim.ClaimState;
import dev.exportflow.worker.claim.JobKey;
import dev.exportflow.worker.testing.Requests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A heartbeat that no longer finds a run's claim running stops that run as one whose lease was lost to another run,
 * unless the run itself has just ended it: a run that succeeded commits its ending before it is unregistered, and a
 * heartbeat in between used to warn "lease lost" about it.
 */
class LeaseLossTest {

    private final Logger logger = Logger.getLogger(RunningExports.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final RunningExports running = new RunningExports();

    @BeforeEach
    void collectWarnings() {
        logger.addHandler(collector);
    }

    @AfterEach
    void stopCollecting() {
        logger.removeHandler(collector);
    }

    @Test
    void aRunThatEndedItsClaimItselfIsNotTakenForALostLease() {
        RunningExport succeeding = running.start(claim());
        RunningExport renewed = running.start(claim());
        succeeding.ending();
        long heartbeatStartedAt = System.nanoTime();

        running.applyLeases(List.of(new ClaimLeases.Lease(renewed.run(), false)), heartbeatStartedAt);

        assertThat(succeeding.stopReason()).isNull();
        assertThat(renewed.stopReason()).isNull();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aRunStillExportingWhoseClaimIsGoneHasLostItsLease() {
        RunningExport overtaken = running.start(claim());
        long heartbeatStartedAt = System.nanoTime();

        running.applyLeases(List.of(), heartbeatStartedAt);

        assertThat(overtaken.stopReason()).isEqualTo(ExportStopped.Reason.LEASE_LOST);
        assertThat(warnings).singleElement().satisfies(warning -> assertThat(((ExtLogRecord) warning).getFormattedMessage())
                .contains(overtaken.run().toString()).contains("the lease was lost to another run"));
    }

    @Test
    void aCancelRequestNoLongerStopsARunThatIsEnding() {
        RunningExport succeeding = running.start(claim());
        RunningExport exporting = running.start(claim());
        succeeding.ending();

        running.applyLeases(List.of(new ClaimLeases.Lease(succeeding.run(), true),
                new ClaimLeases.Lease(exporting.run(), true)), System.nanoTime());

        assertThat(succeeding.stopReason()).isNull();
        assertThat(exporting.stopReason()).isEqualTo(ExportStopped.Reason.CANCELLED);
    }

    private static Claim claim() {
        ExportRequested request = Requests.of("numbers", "acme", Map.of("rows", "1"));
        return new Claim(new JobKey(request.jobId(), 1), ClaimState.RUNNING, request, false, "host/1/test", 1, null, null,
                null, null, null, null, UUID.randomUUID(), Instant.now());
    }
}
