package dev.exportflow.worker.xlsx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import org.apache.poi.ss.usermodel.DateUtil;
import org.junit.jupiter.api.Test;

/** Serials read from PostgreSQL's text against Apache POI's own conversion of the same values. */
class ExcelSerialTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter POSTGRES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

    @Test
    void datesAreWholeDaysFromThe30thOfDecember1899() {
        assertThat(ExcelSerial.ofDate("1900-03-01")).isEqualTo("61");
        assertThat(ExcelSerial.ofDate("2024-02-29")).isEqualTo("45351");
        assertThat(ExcelSerial.ofDate("9999-12-31")).isEqualTo("2958465");
    }

    @Test
    void timesOfDayAreTheFractionWithoutTrailingZeros() {
        assertThat(ExcelSerial.ofTimestamp("2024-02-29 12:00:00", null)).isEqualTo("45351.5");
        assertThat(ExcelSerial.ofTimestamp("2024-02-29 00:00:00", null)).isEqualTo("45351");
        assertThat(ExcelSerial.ofTimestamp("2024-02-29 06:00:00.5", null)).isEqualTo("45351.250005787");
        assertThat(ExcelSerial.ofTimestamp("2024-02-29 23:59:59.999999", null)).as("rounds up into the next day")
                .isEqualTo("45352");
    }

    @Test
    void randomTimestampsMatchPoiToTheMillisecond() {
        Random random = new Random(20261202);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime local = LocalDateTime.of(1900, 3, 1, 0, 0).plusSeconds(random.nextLong(8_000_000_000L))
                    .plusNanos(random.nextInt(1_000_000) * 1000L);
            String text = local.toString().replace('T', ' ');
            if (local.getSecond() == 0 && local.getNano() == 0) {
                text += ":00"; // LocalDateTime.toString leaves out zero seconds; PostgreSQL never does
            }
            double serial = Double.parseDouble(ExcelSerial.ofTimestamp(text, null));
            // POI counts whole milliseconds: a millisecond is 1.16e-8 of a day
            assertThat(serial).as(text).isCloseTo(DateUtil.getExcelDate(local), within(1.2e-8));
            assertThat(Duration.between(local, DateUtil.getLocalDateTime(serial)).abs()).as(text)
                    .isLessThanOrEqualTo(Duration.ofMillis(1));
        }
    }

    @Test
    void aValueWithAnOffsetIsShownInTheExportZoneAcrossDaylightSavingChanges() {
        for (String utc : new String[] {"2024-03-31 00:59:59+00", "2024-03-31 01:00:00+00", "2024-10-27 00:30:00+00",
                "2024-10-27 01:30:00+00", "2024-07-01 22:15:00.25+00"}) {
            OffsetDateTime instant = OffsetDateTime.parse(utc.replace(' ', 'T') + ":00");
            LocalDateTime inBerlin = instant.atZoneSameInstant(BERLIN).toLocalDateTime();
            assertThat(Double.parseDouble(ExcelSerial.ofTimestamp(utc, BERLIN))).as(utc)
                    .isCloseTo(DateUtil.getExcelDate(inBerlin), within(1e-9));
        }
        assertThat(ExcelSerial.ofTimestamp("2024-03-31 03:30:00+05:30", null)).as("no zone: the wall clock as printed")
                .isEqualTo(ExcelSerial.ofTimestamp("2024-03-31 03:30:00", null));
        String printedInIndia = OffsetDateTime.of(2024, 3, 31, 3, 30, 0, 0, java.time.ZoneOffset.ofHoursMinutes(5, 30))
                .format(POSTGRES);
        assertThat(ExcelSerial.ofTimestamp(printedInIndia, ZoneId.of("UTC")))
                .isEqualTo(ExcelSerial.ofTimestamp("2024-03-30 22:00:00", null));
        assertThat(ExcelSerial.ofTimestamp("1900-06-01 10:00:00+00:17:30", ZoneId.of("UTC"))).as("seconds in an offset")
                .isEqualTo(ExcelSerial.ofTimestamp("1900-06-01 09:42:30", null));
    }

    @Test
    void whatHasNoFaithfulSerialAnswersNull() {
        for (String text : new String[] {"infinity", "-infinity", "2024-01-01 BC", "12024-01-01", "1900-02-28", "1899-12-31",
                "2024-02-30", "2024-13-01", "20x4-01-01"}) {
            assertThat(ExcelSerial.ofDate(text)).as(text).isNull();
        }
        for (String text : new String[] {"infinity", "2024-01-01 10:00:00 BC", "12024-01-01 10:00:00", "1900-02-28 23:59:59",
                "2024-01-01 24:00:00", "2024-01-01 10:60:00", "2024-01-01 10:00:00.1234567", "2024-01-01 10:00:00+1",
                "2024-01-01 10:00:00Z", "2024-01-01T10:00:00"}) {
            assertThat(ExcelSerial.ofTimestamp(text, BERLIN)).as(text).isNull();
        }
        assertThat(ExcelSerial.ofDate(LocalDate.of(1900, 3, 1).toString())).isNotNull();
    }
}
