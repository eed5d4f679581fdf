package dev.exportflow.worker.storage;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

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
 */
@QuarkusTest
class SparePartBuffersTest {

    private final TestBucket bucket = WorkerTestStack.bucket();

    @Inject
    ExportStorage storage;

    @Inject
    StorageConfig config;

    @Test
    void anUploadWithoutASpareBufferStillCompletesAndBorrowedBuffersComeBack() throws Exception {
        int spare = config.sparePartBuffers();
        int partSize = config.partSize();
        assertThat(spare).as("two uploads that borrow all they may take them all").isEqualTo(2 * config.partsInFlight());
        assertThat(storage.sparePartBuffersFree()).isEqualTo(spare);
        String prefix = "spare-part-buffers/" + UUID.randomUUID() + "/";

        MultipartUploadStream completed = storage.open(target(prefix + "completed.bin"), uploadId -> { });
        MultipartUploadStream aborted = storage.open(target(prefix + "aborted.bin"), uploadId -> { });
        try (completed; aborted) {
            byte[] firstTwoParts = bytes(2 * partSize + 1, 1);
            completed.write(firstTwoParts);
            aborted.write(firstTwoParts);
            assertThat(storage.sparePartBuffersFree()).as("each borrowed parts-in-flight buffers").isZero();

            byte[] fourParts = bytes(4 * partSize - 7, 2);
            try (MultipartUploadStream alone = storage.open(target(prefix + "alone.bin"), uploadId -> { })) {
                alone.write(fourParts);
                assertThat(storage.sparePartBuffersFree()).as("nothing to borrow").isZero();
                alone.complete(Map.of(), () -> { });
            }
            assertThat(sha256(bucket.read(prefix + "alone.bin"))).as("uploaded one part at a time, every byte")
                    .isEqualTo(sha256(fourParts));

            completed.complete(Map.of(), () -> { });
            assertThat(storage.sparePartBuffersFree()).as("given back on completion").isEqualTo(config.partsInFlight());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> storage.sparePartBuffersFree() == spare);
        assertThat(bucket.stat(prefix + "completed.bin").size()).isEqualTo(2L * partSize + 1);
        assertThat(bucket.exists(prefix + "aborted.bin")).as("closed without completing").isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> bucket.incompleteUploads(prefix).isEmpty());
    }

    private static ObjectTarget target(String key) {
        return new ObjectTarget(key, "file.bin", "application/octet-stream", Map.of());
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
