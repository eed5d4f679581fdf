package dev.exportflow.worker.storage;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.events.storage.StorageConfig;
import dev.exportflow.worker.testing.WorkerTestStack;

import io.quarkus.test.junit.QuarkusTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The part buffers of a replica's uploads are bounded however many large files are written at once: beyond its own
 * buffer an upload borrows from the replica's spare ones (4 by default, 5 MiB parts in tests) and, when none is left,
 * uploads one part at a time with its own buffer; what it borrowed comes back when the object is complete or aborted.
 * Exports of other tests may borrow too, so each test starts once every spare buffer is back.
 */
@QuarkusTest
class SparePartBuffersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TestBucket bucket = WorkerTestStack.bucket();
    private final String prefix = "spare-part-buffers/" + UUID.randomUUID() + "/";

    @Inject
    ExportStorage storage;

    @Inject
    StorageConfig config;

    private Semaphore spare;

    @BeforeEach
    void allSpareBuffersFree() {
        spare = storage.sparePartBuffers();
        await().atMost(WAIT).until(() -> spare.availablePermits() == config.sparePartBuffers());
    }

    @Test
    void anUploadWithNoSpareBufferLeftStoresEveryByteOnePartAtATime() throws Exception {
        assertThat(spare.tryAcquire(config.sparePartBuffers(), WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        try {
            byte[] fourParts = bytes(4 * config.partSize() - 7);
            try (MultipartUploadStream alone = storage.open(target("alone.bin"), uploadId -> { })) {
                alone.write(fourParts);
                assertThat(alone.borrowed()).isZero();
                alone.complete(Map.of(), () -> { });
            }
            assertThat(sha256(bucket.read(prefix + "alone.bin"))).as("every byte").isEqualTo(sha256(fourParts));
        } finally {
            spare.release(config.sparePartBuffers());
        }
    }

    @Test
    void borrowedBuffersComeBackWhenTheObjectIsCompleteAndWhenItIsAborted() throws Exception {
        byte[] threeParts = bytes(3 * config.partSize() + 1);
        try (MultipartUploadStream completed = storage.open(target("completed.bin"), uploadId -> { });
                MultipartUploadStream aborted = storage.open(target("aborted.bin"), uploadId -> { })) {
            completed.write(threeParts);
            aborted.write(threeParts);
            // the next part fills while the first uploads: in a buffer borrowed at once
            assertThat(completed.borrowed()).isBetween(1, config.partsInFlight());
            assertThat(aborted.borrowed()).isBetween(1, config.partsInFlight());
            assertThat(spare.availablePermits())
                    .isLessThanOrEqualTo(config.sparePartBuffers() - completed.borrowed() - aborted.borrowed());

            completed.complete(Map.of(), () -> { });
            assertThat(completed.borrowed()).as("given back on completion").isZero();
        }
        await().atMost(WAIT).until(() -> spare.availablePermits() == config.sparePartBuffers());
        assertThat(bucket.stat(prefix + "completed.bin").size()).isEqualTo(threeParts.length);
        assertThat(bucket.exists(prefix + "aborted.bin")).as("closed without completing").isFalse();
        await().atMost(WAIT).until(() -> bucket.incompleteUploads(prefix).isEmpty());
    }

    private ObjectTarget target(String name) {
        return new ObjectTarget(prefix + name, name, "application/octet-stream", Map.of());
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
