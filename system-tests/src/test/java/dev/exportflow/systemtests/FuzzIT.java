package dev.exportflow.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.exportflow.devstack.services.ServiceProcess;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11: export-api under at least 10,000 hostile requests over every endpoint (numeric extremes such as
 * {@code 1e1100000}, huge strings, deep JSON, wrong types, chunked bodies, forged and garbage tokens, garbage path
 * values), one after another from a fixed seed, within a wall-clock cap. No answer is a 5xx or slower than a second,
 * every error is {@code application/problem+json}, and an ordinary export started right afterwards still succeeds:
 * no request left work behind that starves the system.
 */
@Timeout(600)
class FuzzIT extends SystemTest {

    private static final long SEED = 20_251_202L;
    private static final int REQUESTS = 10_000;
    private static final Duration WALL_CLOCK_CAP = Duration.ofMinutes(4);
    private static final Duration SLOW = Duration.ofSeconds(1);
    /** How long the client waits for an answer that is already too slow. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Pattern JOB_ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    private static boolean apiHurt;

    @Test
    void tenThousandHostileRequestsGetQuickProblemAnswersAndTheSystemStillExports() throws IOException {
        Random random = new Random(SEED);
        List<String> users = List.of("fuzz-ada", "fuzz-bob", "fuzz-cy", "fuzz-dee", "fuzz-eve");
        HostileTokens tokens = new HostileTokens(random, system.stack().tokens(), users,
                Files.readAllBytes(Path.of(system.stack().endpoints().jwtPublicKeyFile())));
        HostileRequests requests = new HostileRequests(random, tokens, system.stack().endpoints().linkSigningKey());
        int port = URI.create(system.apiBaseUrl()).getPort();
        FuzzFigures figures = new FuzzFigures(REQUESTS, SLOW);

        long started = System.nanoTime();
        while (figures.count() < REQUESTS && System.nanoTime() - started < WALL_CLOCK_CAP.toNanos()) {
            RawHttp.Request request = requests.next();
            RawHttp.Answer answer = RawHttp.send(port, request, PATIENCE);
            figures.record(request, answer);
            Matcher id = JOB_ID.matcher(answer.body());
            if (answer.status() == 202 && id.find()) {
                requests.remember(id.group(1));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Findings.report(figures.line(SEED, took) + "\nrules broken, by endpoint: " + figures.violationsByEndpoint());
        apiHurt = figures.violations("5xx") + figures.violations("slow") + figures.violations("unanswered") > 0;

        User after = user("after-fuzz", "after.fuzz@example.com");
        String id = api.submitAccepted(after.token(), ExportApiClient.orders("PAID"));
        String status = awaitEnded(after.token(), id);
        boolean emailed = awaitEmail(after.email());

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(figures.count()).as("requests sent within %s", WALL_CLOCK_CAP).isEqualTo(REQUESTS);
            softly.assertThat(figures.examples("5xx")).as("5xx answers (%d)", figures.violations("5xx")).isEmpty();
            softly.assertThat(figures.examples("unanswered")).as("requests without an answer (%d)",
                    figures.violations("unanswered")).isEmpty();
            softly.assertThat(figures.examples("slow")).as("answers slower than %s (%d)", SLOW, figures.violations("slow"))
                    .isEmpty();
            softly.assertThat(figures.examples("not problem+json")).as("errors that are not application/problem+json (%d)",
                    figures.violations("not problem+json")).isEmpty();
            softly.assertThat(status).as("an ordinary export started after the fuzz").isEqualTo("SUCCEEDED");
            softly.assertThat(emailed).as("its email within a minute").isTrue();
        });
    }

    private static String awaitEnded(String token, String id) {
        try {
            return api.awaitFinished(token, id, Duration.ofMinutes(2)).getString("status");
        } catch (ConditionTimeoutException e) {
            return api.job(token, id).jsonPath().getString("status") + " after 2 minutes";
        }
    }

    private static boolean awaitEmail(String address) {
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> !system.stack().mailbox().messagesFor(address).isEmpty());
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** A request that hurt the api (a 5xx, a hang) may have left it busy or broken: the next test gets a fresh one. */
    @AfterAll
    static void restartAHurtApi() {
        if (apiHurt) {
            ServiceProcess hurt = system.api();
            hurt.kill();
            system.restart(hurt, SystemUnderTest.SERVICE_JVM_OPTIONS);
        }
    }
}
