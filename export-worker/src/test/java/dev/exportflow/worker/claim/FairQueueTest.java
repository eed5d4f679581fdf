package dev.exportflow.worker.claim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.exportflow.events.ExportRequested;
import dev.exportflow.worker.testing.Claims;
import dev.exportflow.worker.testing.Requests;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose queued job the next free slot takes, on the real worker database. This application runs no exports
 * (concurrency 0), so the tests take the jobs themselves, through the same {@link ClaimQueue#claimNext} the dispatcher
 * calls, and look at the order. Each test uses tenants of its own; claims of other tests' tenants that it happens to
 * take are put back afterwards.
 */
@QuarkusTest
@TestProfile(FairQueueTest.TakesNoJobsCapThree.class)
// after the tests without a profile (see META-INF/microprofile-config.properties of the tests)
@Order(Integer.MAX_VALUE)
class FairQueueTest {

    /** Long enough that the reaper never takes a claim back during a test. */
    private static final Duration LEASE = Duration.ofMinutes(10);

    public static class TakesNoJobsCapThree implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("exportflow.worker.concurrency", "0",
                    "exportflow.worker.fairness.max-running-per-tenant", "3");
        }
    }

    @Inject
    ClaimQueue queue;

    private final String prefix = "fair-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final String owner = prefix + "test";

    @AfterEach
    void removeClaims() {
        Claims.deleteTenants(prefix);
        Claims.handBack(owner);
    }

    @Test
    void anotherTenantsFirstJobIsTakenRightAfterABacklogOfThreeHundredStarts() {
        List<ExportRequested> requests = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            requests.add(Requests.byUser(prefix + "a", "user-" + (i % 3)));
        }
        ExportRequested otherTenant = Requests.byUser(prefix + "b", "user-9");
        requests.add(otherTenant);
        Claims.queueAll(requests);

        List<Claim> firstTwo = List.of(takeOurs().orElseThrow(), takeOurs().orElseThrow());

        assertThat(firstTwo).extracting(claim -> claim.key().jobId()).contains(otherTenant.jobId());
        assertThat(firstTwo.get(0).key().jobId()).as("the backlog's oldest job came first").isEqualTo(requests.get(0).jobId());
    }

    @Test
    void usersOfOneTenantTakeTurnsAndTheTenantsCapHolds() {
        List<ExportRequested> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(Requests.byUser(prefix + "t", "first"));
        }
        for (int i = 0; i < 4; i++) {
            requests.add(Requests.byUser(prefix + "t", "second"));
        }
        Claims.queueAll(requests);

        List<Claim> taken = List.of(takeOurs().orElseThrow(), takeOurs().orElseThrow(), takeOurs().orElseThrow());
        assertThat(taken).extracting(claim -> claim.request().requester().userId()).containsExactly("first", "second", "first");
        assertThat(taken).extracting(claim -> claim.key().jobId())
                .containsExactly(requests.get(0).jobId(), requests.get(4).jobId(), requests.get(1).jobId());

        assertThat(takeOurs()).as("the tenant runs 3, its cap").isEmpty();
        ExportRequested otherTenant = Requests.byUser(prefix + "v", "third");
        Claims.queueAll(List.of(otherTenant));
        assertThat(takeOurs()).map(claim -> claim.key().jobId()).as("another tenant is not held up by the cap")
                .contains(otherTenant.jobId());

        Claims.finish(taken.get(0).key().jobId());
        assertThat(takeOurs()).map(claim -> claim.key().jobId()).as("one run ended: the tenant's next job, of the user"
                + " who waits longest among the two that run one each").contains(requests.get(2).jobId());
        assertThat(takeOurs()).isEmpty();
        assertThat(Claims.count(prefix, "RUNNING")).isEqualTo(4);
        assertThat(Claims.count(prefix, "PENDING")).isEqualTo(4);
    }

    @Test
    void twoClaimersAtOnceNeverTakeAJobTwice() throws Exception {
        List<ExportRequested> requests = new ArrayList<>();
        for (int tenant = 0; tenant < 100; tenant++) {
            requests.add(Requests.byUser(prefix + tenant, "first"));
            requests.add(Requests.byUser(prefix + tenant, "second"));
        }
        Claims.queueAll(requests);

        ExecutorService claimers = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<List<UUID>> one = CompletableFuture.supplyAsync(this::takeAllOurs, claimers);
            CompletableFuture<List<UUID>> two = CompletableFuture.supplyAsync(this::takeAllOurs, claimers);
            List<UUID> all = new ArrayList<>(one.get(2, TimeUnit.MINUTES));
            all.addAll(two.get(2, TimeUnit.MINUTES));

            assertThat(all).doesNotHaveDuplicates().hasSize(requests.size());
            assertThat(new HashSet<>(all)).containsExactlyInAnyOrderElementsOf(requests.stream().map(ExportRequested::jobId)
                    .toList());
            assertThat(one.get()).as("both claimers took part").isNotEmpty();
            assertThat(two.get()).isNotEmpty();
        } finally {
            claimers.shutdownNow();
        }
        assertThat(Claims.count(prefix, "RUNNING")).isEqualTo(requests.size());
        assertThat(Claims.count(prefix, "PENDING")).isZero();
        for (ExportRequested request : requests) {
            assertThat(Claims.column(request.jobId(), "attempts")).as("taken once").isEqualTo("1");
        }
    }

    /** Takes jobs until none of this test's tenants is left to take; answers the ids it took. */
    private List<UUID> takeAllOurs() {
        List<UUID> taken = new ArrayList<>();
        Optional<Claim> claim;
        while ((claim = takeOurs()).isPresent()) {
            taken.add(claim.get().key().jobId());
        }
        return taken;
    }

    /** The next job the queue gives of this test's tenants; jobs of other tenants it gives first stay taken meanwhile. */
    private Optional<Claim> takeOurs() {
        Set<UUID> others = new HashSet<>();
        while (true) {
            Optional<Claim> claim = queue.claimNext(owner, LEASE);
            if (claim.isEmpty() || claim.get().request().requester().tenant().startsWith(prefix)) {
                return claim;
            }
            assertThat(others.add(claim.get().key().jobId())).as("a claim is never given twice").isTrue();
        }
    }
}
