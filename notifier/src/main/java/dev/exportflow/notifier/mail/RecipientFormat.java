package dev.exportflow.notifier.mail;

import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Set;

import dev.exportflow.events.Requester;

/**
 * Numbers, sizes and dates the way the recipient reads them: their language when the emails speak it
 * (English otherwise), their time zone (UTC otherwise).
 */
public record RecipientFormat(Locale locale, ZoneId zone) {

    /** The languages the emails are written in; the first is the fallback. */
    public static final Set<String> LANGUAGES = Set.of("en", "de");

    private static final Locale FALLBACK_LOCALE = Locale.ENGLISH;
    private static final ZoneId FALLBACK_ZONE = ZoneId.of("UTC");
    private static final String[] UNITS = {"kB", "MB", "GB", "TB", "PB", "EB"};

    public static RecipientFormat of(Requester requester) {
        return new RecipientFormat(locale(requester == null ? null : requester.locale()),
                zone(requester == null ? null : requester.timeZone()));
    }

    static Locale locale(String languageTag) {
        if (languageTag == null || languageTag.isBlank()) {
            return FALLBACK_LOCALE;
        }
        Locale requested = Locale.forLanguageTag(languageTag.trim().replace('_', '-'));
        return LANGUAGES.contains(requested.getLanguage()) ? requested : FALLBACK_LOCALE;
    }

    static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return FALLBACK_ZONE;
        }
        try {
            return ZoneId.of(timeZone.trim());
        } catch (DateTimeException e) {
            return FALLBACK_ZONE;
        }
    }

    /** {@code en} or {@code de}: which translation of the emails to use. */
    public String language() {
        return locale.getLanguage();
    }

    /** e.g. {@code 1,234,567} or {@code 1.234.567} */
    public String count(long value) {
        return NumberFormat.getIntegerInstance(locale).format(value);
    }

    /** Decimal units with one decimal, e.g. {@code 5.1 MB} or {@code 5,1 MB}; plain bytes below 1 kB. */
    public String size(long bytes) {
        if (bytes < 1000) {
            return count(bytes) + " B";
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(1);
        format.setMaximumFractionDigits(1);
        format.setRoundingMode(RoundingMode.HALF_UP);
        double value = bytes / 1000.0;
        int unit = 0;
        while (value >= 999.95 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return format.format(value) + " " + UNITS[unit];
    }

    /** e.g. {@code March 5, 2025, 2:30 PM (UTC)} or {@code 5. März 2025, 14:30 (Europe/Berlin)} */
    public String dateTime(Instant instant) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale)
                .format(instant.atZone(zone)) + " (" + zone.getId() + ")";
    }
}
