package dev.exportflow.worker.export;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Durations in messages for people: the units they say, not ISO 8601. */
class DurationForPeopleTest {

    @ParameterizedTest
    @CsvSource({"PT1S, 1 s", "PT90S, 90 s", "PT15M, 15 min", "PT1H, 1 h", "PT1H30M, 1 h 30 min", "PT26H, 26 h"})
    void readsAsPeopleSayIt(Duration duration, String expected) {
        assertThat(FailureClassifier.forPeople(duration)).isEqualTo(expected);
    }
}
