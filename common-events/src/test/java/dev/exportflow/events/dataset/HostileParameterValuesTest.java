package dev.exportflow.events.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * Whatever a hostile client puts in a parameter, checking it is cheap and ends in a canonical value or a violation
 * of that field: never an exception, never a canonical value longer than its type allows. Thousands of generated
 * values per run from a fixed seed (named in a failure, so that it can be replayed).
 */
class HostileParameterValuesTest {

    private static final long SEED = 20261202L;
    private static final int VALUES = 6000;
    private static final List<String> NAMES = List.of("from_date", "to_date", "min_total", "status", "tenant_id", "other");

    private final Dataset orders = Catalogs.demo().find("orders").orElseThrow();
    private final Random random = new Random(SEED);

    @Test
    void everyValueIsAcceptedOrNamedAndItsCanonicalFormIsSmall() {
        // the whole run is bounded too: before the bounds, one large exponent alone kept a core busy for 19 s
        assertTimeoutPreemptively(Duration.ofSeconds(60), this::checkGeneratedValues);
    }

    private void checkGeneratedValues() {
        for (int i = 0; i < VALUES; i++) {
            Object value = hostileValue();
            String name = NAMES.get(random.nextInt(NAMES.size()));
            String what = "value " + i + " of seed " + SEED + " for " + name;

            long started = System.nanoTime();
            ValidatedParameters result = orders.validate(Map.of(name, value));
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            // a ceiling only catastrophic work reaches on a busy machine (an expanded exponent took 19 s)
            assertThat(tookMillis).as(what).isLessThan(500);
            assertThat(result.values().values()).as(what).allSatisfy(canonical -> assertThat(canonical.length())
                    .isLessThanOrEqualTo(Parameter.DEFAULT_MAX_LENGTH));
            assertThat(result.violations()).as(what).allSatisfy(violation -> {
                assertThat(violation.field()).startsWith("parameters");
                assertThat(violation.message()).isNotBlank().hasSizeLessThan(200);
            });
        }
    }

    private Object hostileValue() {
        List<Function<Random, Object>> kinds = List.of(
                r -> (r.nextBoolean() ? "1e" : "-9.5E") + (r.nextInt() | (r.nextBoolean() ? 0 : 1_000_000)),
                r -> digits(r, 1 + r.nextInt(5000)),
                r -> new BigDecimal(new BigInteger(digits(r, 1 + r.nextInt(80))), r.nextInt(200) - 100).toString(),
                r -> text(r, "0123456789+-:TZ .e", r.nextInt(40)),
                r -> text(r, null, r.nextInt(20_000)),
                r -> r.nextDouble() * Math.pow(10, r.nextInt(600) - 300),
                r -> r.nextLong(),
                r -> new BigInteger(digits(r, 1 + r.nextInt(1000))),
                r -> List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Long.MIN_VALUE, true, "")
                        .get(r.nextInt(7)));
        return kinds.get(random.nextInt(kinds.size())).apply(random);
    }

    private static String digits(Random random, int length) {
        return text(random, "0123456789", length);
    }

    /** Text of {@code length} characters from {@code alphabet}, or of any code point below U+FFFF when it is null. */
    private static String text(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet == null ? (char) random.nextInt(0xFFFF) : alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
