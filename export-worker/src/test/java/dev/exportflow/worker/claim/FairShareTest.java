package dev.exportflow.worker.claim;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FairShareTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final FairShare noCap = new FairShare(0, Map.of());

    @Test
    void aTenantThatRunsNothingGoesBeforeOneWithABacklogThatRuns() {
        WaitingRequester backlog = waiting("a", "u1", 2, 2, 0);
        WaitingRequester newcomer = waiting("b", "u9", 0, 0, 300);

        assertThat(noCap.order(List.of(backlog, newcomer))).containsExactly(newcomer, backlog);
    }

    @Test
    void amongTenantsThatRunAsMuchTheOneWaitingLongestGoesFirst() {
        WaitingRequester later = waiting("a", "u1", 1, 1, 5);
        WaitingRequester earlier = waiting("b", "u2", 1, 1, 3);

        assertThat(noCap.order(List.of(later, earlier))).containsExactly(earlier, later);
    }

    @Test
    void aTenantWaitsAsLongAsItsOldestJobHasWhicheverOfItsUsersGoesFirst() {
        // tenant a's oldest job (u1, at 1 s) makes a older than b (at 2 s); within a, u2 runs less than u1 and goes first
        WaitingRequester aBusyUser = waiting("a", "u1", 1, 1, 1);
        WaitingRequester aIdleUser = waiting("a", "u2", 1, 0, 4);
        WaitingRequester b = waiting("b", "u3", 1, 1, 2);

        assertThat(noCap.order(List.of(b, aBusyUser, aIdleUser))).containsExactly(aIdleUser, aBusyUser, b);
    }

    @Test
    void withinATenantTheUserWithFewestRunningThenTheOneWaitingLongestGoesFirst() {
        WaitingRequester runsTwo = waiting("a", "u1", 3, 2, 0);
        WaitingRequester runsOne = waiting("a", "u2", 3, 1, 2);
        WaitingRequester runsOneEarlier = waiting("a", "u3", 3, 1, 1);

        assertThat(noCap.order(List.of(runsTwo, runsOne, runsOneEarlier))).containsExactly(runsOneEarlier, runsOne, runsTwo);
    }

    @Test
    void aTenantAtItsCapIsLeftOutAndZeroMeansNoCap() {
        FairShare capTwo = new FairShare(2, Map.of());
        WaitingRequester atCap = waiting("a", "u1", 2, 2, 0);
        WaitingRequester below = waiting("b", "u2", 1, 1, 5);

        assertThat(capTwo.order(List.of(atCap, below))).containsExactly(below);
        assertThat(capTwo.belowCap(1)).isTrue();
        assertThat(capTwo.belowCap(2)).isFalse();
        assertThat(capTwo.capped()).isTrue();
        assertThat(noCap.order(List.of(atCap, below))).containsExactly(below, atCap);
        assertThat(noCap.belowCap(Integer.MAX_VALUE)).isTrue();
        assertThat(noCap.capped()).isFalse();
    }

    @Test
    void aTenantOfWeightTwoRunsTwiceAsManyBeforeItYields() {
        FairShare weighted = new FairShare(0, Map.of("big", 2));
        WaitingRequester bigRunsOne = waiting("big", "u1", 1, 1, 9);
        WaitingRequester smallRunsOne = waiting("small", "u2", 1, 1, 0);
        WaitingRequester bigRunsTwo = waiting("big", "u1", 2, 2, 9);

        assertThat(weighted.order(List.of(smallRunsOne, bigRunsOne))).as("1/2 < 1/1").containsExactly(bigRunsOne, smallRunsOne);
        assertThat(weighted.order(List.of(bigRunsTwo, smallRunsOne))).as("2/2 = 1/1: the older goes first")
                .containsExactly(smallRunsOne, bigRunsTwo);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new FairShare(-1, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FairShare(0, Map.of("a", 0))).isInstanceOf(IllegalArgumentException.class);
    }

    private static WaitingRequester waiting(String tenant, String user, int tenantRunning, int userRunning, int waitingSince) {
        return new WaitingRequester(tenant, user, tenantRunning, userRunning, T0.plusSeconds(waitingSince));
    }
}
