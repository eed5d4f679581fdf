package dev.exportflow.api.support;

import java.util.Map;
import java.util.UUID;

import dev.exportflow.devstack.testing.TestBucket;
import dev.exportflow.devstack.testing.TestKafka;

/** Does export-worker's part for the api's tests: a file in the bucket and the event that reports it. */
public final class Worker {

    private Worker() {
    }

    /**
     * Creates an orders export, stores its file as generation 1 and reports it completed.
     *
     * @return the job's id, once the api shows it SUCCEEDED
     */
    public static UUID finishedOrdersJob(String user, Map<String, Object> parameters, String content, long rows) {
        UUID id = Api.createOrdersJob(user, parameters);
        String key = Events.objectKey(id, 1);
        new TestBucket(Api.stack()).put(key, content);
        try (TestKafka kafka = new TestKafka(Api.stack())) {
            kafka.publish(Events.completed(id, 1, user, key, rows, content.length()));
        }
        Api.awaitStatus(user, id, "SUCCEEDED");
        return id;
    }
}
