package dev.exportflow.systemtests;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.exportflow.devstack.mail.Email;
import dev.exportflow.devstack.mail.Mailbox;
import dev.exportflow.devstack.testing.TestBucket;

import io.minio.messages.Item;
import io.restassured.path.json.JsonPath;

import org.awaitility.core.ConditionTimeoutException;

/**
 * What a scenario left once its fault is healed: every job ended within the bound, each SUCCEEDED job has exactly one
 * object whose rows and SHA-256 match the database and the source query, one email per ended job (none for a job the
 * user cancelled; a second copy of it only where the notifier was killed, see {@link #checkEmails}), nothing else
 * under the jobs' keys, no incomplete multipart upload.
 */
final class ScenarioAudit {

    /**
     * How long after the heal every job must have ended: the watchdog's bound for a job no worker acknowledged or
     * confirmed ({@link FaultMatrix#watchdogBound()}), plus a minute to run what is still queued behind the longest
     * exports on this 2-core machine. Only a job that nothing will ever end again reaches it.
     */
    static final Duration TERMINAL_BOUND = FaultMatrix.watchdogBound().plus(Duration.ofMinutes(1));
    private static final Duration EMAIL_BOUND = Duration.ofMinutes(1);
    /** A second email would come within the notifier's retry delay (2 s in this test). */
    private static final Duration QUIET = Duration.ofSeconds(3);
    /** An aborted upload of a stopped run can trail its job's end by the run's own S3 retries. */
    private static final Duration CLEAN_UP_BOUND = Duration.ofSeconds(30);
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "EXPIRED", "DELETED");

    private final FaultMatrix matrix;
    private final ScenarioRun run;
    private final Mailbox mailbox;
    private final TestBucket bucket;
    private final Map<MatrixExport, JsonPath> jobs = new LinkedHashMap<>();

    ScenarioAudit(FaultMatrix matrix, ScenarioRun run) {
        this.matrix = matrix;
        this.run = run;
        this.mailbox = matrix.stack().mailbox();
        this.bucket = matrix.bucket();
    }

    ScenarioOutcome audit(Instant healedAt, HealthWatch watch) throws Exception {
        ScenarioOutcome outcome = new ScenarioOutcome(run.scenario().name(), run.exports().size());
        boolean allEnded = awaitQuietly(TERMINAL_BOUND, this::allEnded);
        Instant ended = Instant.now();
        boolean allMailed = awaitQuietly(EMAIL_BOUND, this::allEmailed);
        Instant mailed = Instant.now();
        awaitQuietly(CLEAN_UP_BOUND, this::nothingLeftOver);
        // the files are read while a second email or object would still come; what is stored and sent is counted after
        for (MatrixExport export : run.exports()) {
            if ("SUCCEEDED".equals(status(export))) {
                checkContent(export, outcome);
            }
        }
        Duration quietLeft = Duration.between(Instant.now(), mailed.plus(QUIET));
        if (quietLeft.compareTo(Duration.ZERO) > 0) {
            await().pollDelay(quietLeft).atMost(quietLeft.plusSeconds(1)).until(() -> true);
        }
        for (MatrixExport export : run.exports()) {
            check(export, outcome);
        }
        watch.close();
        outcome.note("liveness asked " + watch.answers() + " times during the scenario");
        watch.downAnswers().forEach((instance, answers) -> outcome.health(
                "liveness of " + instance + " not UP " + answers + " times during the fault"));
        matrix.reviveUnready(Duration.ofSeconds(30)).forEach(instance -> outcome.health(
                instance + " not ready 30 s after the heal (restarted for the next scenario)"));
        if (allEnded && allMailed) {
            outcome.healedIn(Duration.between(healedAt, ended.isAfter(mailed) ? ended : mailed));
        }
        return outcome;
    }

    private String status(MatrixExport export) {
        JsonPath job = jobs.get(export);
        return job == null ? "UNANSWERED" : job.getString("status");
    }

    /** The job's end, what is stored under its key (its one object, or nothing) and its emails. */
    private void check(MatrixExport export, ScenarioOutcome outcome) {
        JsonPath job = jobs.get(export);
        String status = status(export);
        outcome.status(status);
        if (!TERMINAL.contains(status)) {
            outcome.stuck(export, status + " " + TERMINAL_BOUND.toSeconds() + " s after the heal");
        } else if ("SUCCEEDED".equals(status)) {
            checkObjects(export, job, outcome);
        } else if (!("CANCELLED".equals(status) && run.wasCancelled(export))) {
            outcome.lost(export, status + (job.get("error") == null ? "" : " " + job.getString("error.code") + ": "
                    + job.getString("error.message")));
        }
        if (TERMINAL.contains(status) && !"SUCCEEDED".equals(status)) {
            bucket.keys(export.prefix()).forEach(key -> outcome.orphan(key + " of a " + status + " job"));
        } else if (!TERMINAL.contains(status)) {
            bucket.keys(export.prefix()).forEach(key -> outcome.note(key + " stored for " + export + ", still " + status));
        }
        bucket.incompleteUploads(export.prefix()).forEach(key -> outcome.orphan("incomplete upload of " + key));
        checkEmails(export, status, outcome);
    }

    /**
     * One email per ended job. A second copy of the same email (same {@code Message-ID}) is the one window SMTP leaves
     * open (docs/notifier.md, "The window that remains"): it is allowed only where the scenario killed the notifier or
     * cut its SMTP connections, and noted; any other second email is a duplicate.
     */
    private void checkEmails(MatrixExport export, String status, ScenarioOutcome outcome) {
        List<Email> received = mailbox.messagesFor(export.email());
        long emails = received.stream().map(email -> email.messageId() == null ? email.uid() : email.messageId())
                .distinct().count();
        boolean owed = "SUCCEEDED".equals(status) || "FAILED".equals(status);
        if (owed && emails == 0) {
            outcome.lost(export, "no email");
        } else if (emails > (owed ? 1 : 0)) {
            outcome.duplicated(export, emails + " emails with different Message-IDs for a " + status + " job");
        } else if (received.size() > emails && run.scenario().canInterruptAnAcceptedEmail()) {
            outcome.note(export + ": its email (" + received.get(0).messageId() + ") arrived " + received.size()
                    + " times: the fault fell after the mail server accepted it and before the notifier recorded that");
        } else if (received.size() > emails) {
            outcome.duplicated(export, "the same email arrived " + received.size() + " times for a " + status + " job");
        }
    }

    /** A SUCCEEDED job has exactly one object, the one it names. */
    private void checkObjects(MatrixExport export, JsonPath job, ScenarioOutcome outcome) {
        List<Item> objects = bucket.objects(export.prefix());
        if (objects.size() > 1) {
            outcome.duplicated(export, objects.size() + " objects: " + objects.stream().map(Item::objectName).toList());
        }
        if (objects.stream().noneMatch(object -> object.objectName().equals(keyOf(export, job)))) {
            outcome.lost(export, "SUCCEEDED without its object " + keyOf(export, job));
        }
    }

    /** A SUCCEEDED job's object holds the rows of the source query, and the SHA-256 and count the job states. */
    private void checkContent(MatrixExport export, ScenarioOutcome outcome) throws Exception {
        JsonPath job = jobs.get(export);
        String key = keyOf(export, job);
        if (bucket.objects(export.prefix()).stream().noneMatch(object -> object.objectName().equals(key))) {
            return; // counted as lost by checkObjects
        }
        ExportFile file = ExportFile.of(bucket.read(key), export.gzip(), export.header());
        long expected = matrix.source().count(export.tenant(), export.parameters());
        if (!file.sha256().equalsIgnoreCase(job.getString("file.sha256"))) {
            outcome.lost(export, "object sha256 " + file.sha256() + ", job says " + job.getString("file.sha256"));
        }
        if (file.rows() != job.getLong("file.rows") || file.rows() != expected) {
            outcome.lost(export, "rows: object " + file.rows() + ", job " + job.getLong("file.rows") + ", source " + expected);
        }
    }

    private static String keyOf(MatrixExport export, JsonPath job) {
        return export.prefix() + job.getInt("generation") + "/" + job.getString("file.name");
    }

    private boolean allEnded() {
        for (MatrixExport export : run.exports()) {
            JsonPath known = jobs.get(export);
            if (known == null || !TERMINAL.contains(known.getString("status"))) {
                JsonPath job = run.job(export);
                if (job != null) {
                    jobs.put(export, job);
                }
            }
        }
        return run.exports().stream().allMatch(export -> jobs.get(export) != null
                && TERMINAL.contains(jobs.get(export).getString("status")));
    }

    private boolean allEmailed() {
        return run.exports().stream()
                .filter(export -> jobs.get(export) != null
                        && List.of("SUCCEEDED", "FAILED").contains(jobs.get(export).getString("status")))
                .allMatch(export -> !mailbox.messagesFor(export.email()).isEmpty());
    }

    private boolean nothingLeftOver() {
        return run.exports().stream().allMatch(export -> bucket.incompleteUploads(export.prefix()).isEmpty()
                && (jobs.get(export) != null && "SUCCEEDED".equals(jobs.get(export).getString("status"))
                        || bucket.keys(export.prefix()).isEmpty()));
    }

    private static boolean awaitQuietly(Duration limit, java.util.concurrent.Callable<Boolean> condition) {
        try {
            // polled at once, then every half second: a condition already true costs no wait
            await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
