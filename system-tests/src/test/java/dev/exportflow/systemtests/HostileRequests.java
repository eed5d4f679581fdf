package dev.exportflow.systemtests;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.exportflow.events.link.DownloadLinkTokens;

/**
 * Requests for every endpoint of export-api as a hostile client makes them, drawn from one seeded {@link Random}:
 * bodies from {@link HostileValues}, credentials from {@link HostileTokens}, job ids that exist, belong to someone
 * else or are garbage, chunked bodies, odd content types and accept headers. The HTTP framing itself stays valid
 * (a request line under 4 KB, headers under 20 KB): what the HTTP codec refuses before any application code runs is
 * not the application's to answer.
 */
final class HostileRequests {

    private static final List<String> PATH_GARBAGE = List.of("", "x", "%00", "%ZZ", "%", "..%2F..%2Fetc%2Fpasswd", "1e1100000",
            "-1", "00000000-0000-0000-0000-000000000000", "%F0%9F%92%A9", "%C0%AF", "'%20or%201=1", "%25", "%2e%2e",
            "ffffffff-ffff-ffff-ffff-ffffffffffffff", "%7B%7D", "null", "0x1", "%E2%80%AE");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded", "application/xml",
            "multipart/form-data; boundary=x", "application/json; charset=ebcdic", "*/*", "application/problem+json", ";;;");
    private static final List<String> ACCEPTS = List.of("*/*", "application/json", "text/html", "text/event-stream",
            "application/xml", "image/png", "text/html;q=0.9, application/json;q=1", "a/b/c", "");

    private final Random random;
    private final HostileValues values;
    private final HostileTokens tokens;
    private final DownloadLinkTokens links;
    private final List<String> jobIds = new ArrayList<>();

    HostileRequests(Random random, HostileTokens tokens, String linkSigningKey) {
        this.random = random;
        this.values = new HostileValues(random);
        this.tokens = tokens;
        this.links = new DownloadLinkTokens(linkSigningKey, null, Clock.systemUTC());
    }

    /** A job id the api handed out, to aim later requests at real jobs (the fuzz users' own and each other's). */
    void remember(String jobId) {
        if (jobIds.size() < 500) {
            jobIds.add(jobId);
        }
    }

    RawHttp.Request next() {
        int pick = random.nextInt(100);
        if (pick < 34) {
            return create();
        } else if (pick < 44) {
            return job("GET", "");
        } else if (pick < 52) {
            return list();
        } else if (pick < 59) {
            return job("POST", "/cancel");
        } else if (pick < 65) {
            return job("POST", "/resend");
        } else if (pick < 72) {
            return job("GET", "/download");
        } else if (pick < 77) {
            return job("GET", "/events");
        } else if (pick < 84) {
            return job("DELETE", "");
        } else if (pick < 88) {
            return request("GET", "/api/datasets", null, false);
        }
        return link();
    }

    private RawHttp.Request create() {
        int shape = random.nextInt(100);
        byte[] body;
        if (shape < 30) {
            body = nearlyValid().getBytes(StandardCharsets.UTF_8);
        } else if (shape < 70) {
            body = exportBody().getBytes(StandardCharsets.UTF_8);
        } else if (shape < 76) {
            body = values.deep(100 + random.nextInt(random.nextBoolean() ? 1_000 : 100_000)).getBytes(StandardCharsets.UTF_8);
        } else if (shape < 82) {
            body = values.value(0).getBytes(StandardCharsets.UTF_8);
        } else if (shape < 86) {
            body = ("{\"dataset\":\"orders\",\"note\":\"" + "x".repeat(60_000 + random.nextInt(2_000_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        } else if (shape < 91) {
            String valid = exportBody();
            body = valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
        } else if (shape < 95) {
            body = new byte[random.nextInt(2_000)];
            random.nextBytes(body);
        } else {
            body = random.nextBoolean() ? null : new byte[0];
        }
        RawHttp.Request request = request("POST", "/api/exports", body, random.nextInt(5) == 0);
        if (random.nextInt(10) < 8) {
            String type = random.nextInt(4) > 0 ? "application/json" : CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
            request.headers().add(new String[] {"Content-Type", type});
        }
        if (random.nextInt(5) == 0) {
            String key = random.nextBoolean() ? "k" + random.nextInt(20)
                    : values.text(1 + random.nextInt(400)).replaceAll("[^ -~]", "?");
            request.headers().add(new String[] {"Idempotency-Key", key});
        }
        return request;
    }

    /**
     * A valid export request but for one parameter value: numeric extremes, dates far out or malformed, huge text. It
     * passes every check before the parameter's own, so that the value reaches the code that parses it.
     */
    private String nearlyValid() {
        List<String> names = List.of("min_total", "min_total", "from_date", "to_date", "status");
        String value = random.nextBoolean() ? values.number() : values.string();
        return "{\"dataset\":\"orders\",\"format\":\"csv\",\"parameters\":{\"" + names.get(random.nextInt(names.size()))
                + "\":" + value + "}}";
    }

    /** An export request with one or more fields gone wrong, now and then a valid one. */
    private String exportBody() {
        List<String> members = new ArrayList<>();
        if (random.nextInt(10) > 0) {
            String dataset = random.nextInt(3) > 0 ? "\"orders\"" : random.nextBoolean() ? "\"customers\"" : values.value(1);
            members.add("\"dataset\":" + dataset);
        }
        if (random.nextInt(10) > 1) {
            members.add("\"parameters\":" + (random.nextInt(5) > 0 ? parameters() : values.value(1)));
        }
        if (random.nextBoolean()) {
            members.add("\"format\":" + (random.nextBoolean() ? "\"csv\"" : values.value(2)));
        }
        if (random.nextBoolean()) {
            members.add("\"options\":" + (random.nextInt(4) > 0 ? options() : values.value(1)));
        }
        if (random.nextInt(8) == 0) {
            members.add(values.key() + ":" + values.value(1));
        }
        return "{" + String.join(",", members) + "}";
    }

    private String parameters() {
        List<String> members = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            members.add(values.key() + ":" + (random.nextInt(4) == 0 ? "\"PAID\"" : values.value(1)));
        }
        return "{" + String.join(",", members) + "}";
    }

    private String options() {
        List<String> names = List.of("delimiter", "header", "bom", "gzip", "timeZone", "nullText", "quote", "");
        List<String> members = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            members.add("\"" + names.get(random.nextInt(names.size())) + "\":" + values.value(2));
        }
        return "{" + String.join(",", members) + "}";
    }

    private RawHttp.Request list() {
        List<String> query = new ArrayList<>();
        if (random.nextBoolean()) {
            query.add("status=" + queryValue(List.of("SUCCEEDED", "queued", "RUNNING", "DELETED")));
        }
        if (random.nextBoolean()) {
            query.add("limit=" + queryValue(List.of("1", "100", "101", "0", "-1", "20")));
        }
        if (random.nextBoolean()) {
            query.add("cursor=" + queryValue(List.of("MjAyNi0wMS0wMVQwMDowMDowMFp8eA", "AAAA", "%%%", "fHw")));
        }
        return request("GET", "/api/exports" + (query.isEmpty() ? "" : "?" + String.join("&", query)), null, false);
    }

    private String queryValue(List<String> plausible) {
        if (random.nextBoolean()) {
            return plausible.get(random.nextInt(plausible.size()));
        }
        return encoded(random.nextBoolean() ? values.number() : values.text(1 + random.nextInt(300)));
    }

    private RawHttp.Request job(String method, String suffix) {
        RawHttp.Request request = request(method, "/api/exports/" + jobId() + suffix, null, false, suffix.equals("/events"));
        if (random.nextBoolean()) {
            request.headers().add(new String[] {"Accept", ACCEPTS.get(random.nextInt(ACCEPTS.size()))});
        }
        if (method.equals("POST") && random.nextInt(4) == 0) {
            request.headers().add(new String[] {"Content-Type", "application/json"});
            return new RawHttp.Request(method, request.target(), request.headers(),
                    values.value(0).getBytes(StandardCharsets.UTF_8), random.nextBoolean(), false);
        }
        return request;
    }

    private String jobId() {
        int pick = random.nextInt(10);
        if (pick < 5 && !jobIds.isEmpty()) {
            return jobIds.get(random.nextInt(jobIds.size()));
        } else if (pick < 7) {
            return UUID.randomUUID().toString();
        } else if (pick < 8) {
            return encoded(values.text(1 + random.nextInt(1_000)));
        }
        return PATH_GARBAGE.get(random.nextInt(PATH_GARBAGE.size()));
    }

    /** The emailed link: genuine tokens for jobs that do or do not exist, expired, tampered, or garbage. */
    private RawHttp.Request link() {
        int pick = random.nextInt(10);
        UUID job = !jobIds.isEmpty() && random.nextBoolean() ? UUID.fromString(jobIds.get(random.nextInt(jobIds.size())))
                : UUID.randomUUID();
        String token;
        if (pick < 3) {
            token = links.sign(job, 1 + random.nextInt(3), Instant.now().plus(Duration.ofHours(1)));
        } else if (pick < 5) {
            token = links.sign(job, 1, Instant.now().minus(Duration.ofHours(1)));
        } else if (pick < 7) {
            char[] genuine = links.sign(job, 1, Instant.now().plus(Duration.ofHours(1))).toCharArray();
            int at = random.nextInt(genuine.length);
            genuine[at] = genuine[at] == 'A' ? 'B' : 'A';
            token = new String(genuine);
        } else if (pick < 9) {
            token = encoded(values.text(1 + random.nextInt(1_500)));
        } else {
            token = PATH_GARBAGE.get(random.nextInt(PATH_GARBAGE.size()));
        }
        RawHttp.Request request = new RawHttp.Request("GET", "/d/" + token, new ArrayList<>(), null, false, false);
        request.headers().add(new String[] {"Accept", ACCEPTS.get(random.nextInt(ACCEPTS.size()))});
        return request;
    }

    /** Percent-encodes text for a path or query, at most 2,500 characters of it: the request line stays under 4 KB. */
    private static String encoded(String text) {
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        if (encoded.length() <= 2_500) {
            return encoded;
        }
        int cut = encoded.lastIndexOf('%', 2_500);
        return encoded.substring(0, cut > 2_497 ? cut : 2_500);
    }

    private RawHttp.Request request(String method, String target, byte[] body, boolean chunked) {
        return request(method, target, body, chunked, false);
    }

    private RawHttp.Request request(String method, String target, byte[] body, boolean chunked, boolean stream) {
        List<String[]> headers = new ArrayList<>();
        String authorization = tokens.any();
        if (authorization != null) {
            headers.add(new String[] {"Authorization", authorization});
        }
        return new RawHttp.Request(method, target, headers, body, chunked, stream);
    }
}
