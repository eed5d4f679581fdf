package dev.exportflow.notifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.exportflow.events.Requester;

class RecipientFormatTest {

    private static final RecipientFormat ENGLISH = RecipientFormat.of(requester("en", "UTC"));
    private static final RecipientFormat GERMAN = RecipientFormat.of(requester("de-DE", "Europe/Berlin"));

    @Test
    void sizesUseDecimalUnitsWithOneDecimalInTheRecipientsNumberFormat() {
        assertThat(ENGLISH.size(0)).isEqualTo("0 B");
        assertThat(ENGLISH.size(999)).isEqualTo("999 B");
        assertThat(ENGLISH.size(1000)).isEqualTo("1.0 kB");
        assertThat(ENGLISH.size(5_100_000)).isEqualTo("5.1 MB");
        assertThat(GERMAN.size(5_100_000)).isEqualTo("5,1 MB");
        assertThat(ENGLISH.size(999_999)).isEqualTo("1.0 MB");
        assertThat(ENGLISH.size(2_345_678_901L)).isEqualTo("2.3 GB");
        assertThat(ENGLISH.size(Long.MAX_VALUE)).isEqualTo("9.2 EB");
    }

    @Test
    void countsUseTheRecipientsGrouping() {
        assertThat(ENGLISH.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(GERMAN.count(1_234_567)).isEqualTo("1.234.567");
    }

    @Test
    void datesAreShownInTheRecipientsZoneAndNameIt() {
        Instant instant = Instant.parse("2025-07-01T10:00:00Z");

        assertThat(ENGLISH.dateTime(instant)).isEqualTo("July 1, 2025, 10:00 AM (UTC)");
        assertThat(GERMAN.dateTime(instant)).isEqualTo("1. Juli 2025, 12:00 (Europe/Berlin)");
    }

    @Test
    void onlyLanguagesTheEmailsSpeakAreUsedAndEnglishIsTheFallback() {
        assertThat(RecipientFormat.locale("de-AT")).isEqualTo(Locale.forLanguageTag("de-AT"));
        assertThat(RecipientFormat.locale("de_CH")).isEqualTo(Locale.forLanguageTag("de-CH"));
        assertThat(RecipientFormat.locale("fr-FR")).isEqualTo(Locale.ENGLISH);
        assertThat(RecipientFormat.locale("")).isEqualTo(Locale.ENGLISH);
        assertThat(RecipientFormat.locale(null)).isEqualTo(Locale.ENGLISH);
        assertThat(RecipientFormat.of(null).language()).isEqualTo("en");
    }

    @Test
    void unknownOrMissingZonesFallBackToUtc() {
        assertThat(RecipientFormat.zone("Mars/Olympus")).isEqualTo(ZoneId.of("UTC"));
        assertThat(RecipientFormat.zone(null)).isEqualTo(ZoneId.of("UTC"));
        assertThat(RecipientFormat.zone("Asia/Tokyo")).isEqualTo(ZoneId.of("Asia/Tokyo"));
    }

    private static Requester requester(String locale, String timeZone) {
        return new Requester("u1", "u1@example.com", locale, "acme", timeZone);
    }
}
