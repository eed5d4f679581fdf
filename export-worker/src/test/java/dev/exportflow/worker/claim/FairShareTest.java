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
        Waiting backlog = waiting("a", 2, 0);
        Waiting newcomer = waiting("b", 0, 300);

        assertThat(noCap.tenants(List.of(backlog, newcomer))).containsExactly(newcomer, backlog);
    }

    @Test
    void amongTenantsThatRunAsMuchTheOneWaitingLongestGoesFirst() {
        Waiting later = waiting("a", 1, 5);
        Waiting earlier = waiting("b", 1, 3);
        Waiting sameAgeByName = waiting("c", 1, 3);

        assertThat(noCap.tenants(List.of(sameAgeByName, later, earlier))).containsExactly(earlier, sameAgeByName, later);
    }

    @Test
    void withinATenantTheUserWithFewestRunningThenTheOneWaitingLongestGoesFirst() {
        Waiting runsTwo = waiting("u1", 2, 0);
        Waiting runsOne = waiting("u2", 1, 2);
        Waiting runsOneEarlier = waiting("u3", 1, 1);
        Waiting runsNone = waiting("u4", 0, 9);

        assertThat(noCap.users(List.of(runsTwo, runsOne, runsOneEarlier, runsNone)))
                .containsExactly(runsNone, runsOneEarlier, runsOne, runsTwo);
    }

    @Test
    void aTenantAtItsCapIsLeftOutAndZeroMeansNoCap() {
        FairShare capTwo = new FairShare(2, Map.of());
        Waiting atCap = waiting("a", 2, 0);
        Waiting below = waiting("b", 1, 5);

        assertThat(capTwo.tenants(List.of(atCap, below))).containsExactly(below);
        assertThat(capTwo.belowCap(1)).isTrue();
        assertThat(capTwo.belowCap(2)).isFalse();
        assertThat(capTwo.capped()).isTrue();
        assertThat(noCap.tenants(List.of(atCap, below))).containsExactly(below, atCap);
        assertThat(noCap.belowCap(Integer.MAX_VALUE)).isTrue();
        assertThat(noCap.capped()).isFalse();
    }

    @Test
    void aTenantOfWeightTwoRunsTwiceAsManyBeforeItYields() {
        FairShare weighted = new FairShare(0, Map.of("big", 2));
        Waiting bigRunsOne = waiting("big", 1, 9);
        Waiting smallRunsOne = waiting("small", 1, 0);
        Waiting bigRunsTwo = waiting("big", 2, 9);
        Waiting bigRunsTwoEarlier = waiting("big", 2, 0);
        Waiting smallRunsOneLater = waiting("small", 1, 5);

        assertThat(weighted.tenants(List.of(smallRunsOne, bigRunsOne))).as("1/2 < 1/1").containsExactly(bigRunsOne, smallRunsOne);
        assertThat(weighted.tenants(List.of(bigRunsTwo, smallRunsOne))).as("2/2 = 1/1: the one waiting longer goes first")
                .containsExactly(smallRunsOne, bigRunsTwo);
        assertThat(weighted.tenants(List.of(smallRunsOneLater, bigRunsTwoEarlier))).containsExactly(bigRunsTwoEarlier,
                smallRunsOneLater);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new FairShare(-1, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FairShare(0, Map.of("a", 0))).isInstanceOf(IllegalArgumentException.class);
    }

    private static Waiting waiting(String name, int running, int waitingSince) {
        return new Waiting(name, running, T0.plusSeconds(waitingSince));
    }
}
