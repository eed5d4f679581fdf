package dev.exportflow.systemtests;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.exportflow.devstack.services.ServiceProcess;

/**
 * Asks every service for its liveness once a second while a fault lasts, as Kubernetes does. A dependency outage
 * must never make a process look dead (wave2-design.md section 1: liveness is for a wedged process only), or every
 * pod would be restarted for it. A process that is not listening (killed, or starting again) is not counted; one
 * that answers anything but 200 is. One that answers nothing within two seconds is counted once it has been silent
 * {@value #SILENT_IN_A_ROW} times in a row: a kill -9 in the middle of a request, or a JVM just started on a busy
 * machine, can miss one answer, and Kubernetes restarts a pod only after several misses (deploy/: six, 10 s apart).
 */
final class HealthWatch implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int SILENT_IN_A_ROW = 3;

    /** What a process said when asked; UNCOUNTED: it was not listening, or is no longer alive. */
    private enum Answer { UP, DOWN, SILENT, UNCOUNTED }

    private final Supplier<List<ServiceProcess>> services;
    private final Map<String, AtomicInteger> down = new ConcurrentHashMap<>();
    /** Per service instance, how many answers in a row were missing up to now (sampled by one thread only). */
    private final Map<String, Integer> silentRun = new ConcurrentHashMap<>();
    private final AtomicInteger answers = new AtomicInteger();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "health-watch");
        thread.setDaemon(true);
        return thread;
    });

    HealthWatch(Supplier<List<ServiceProcess>> services) {
        this.services = services;
        clock.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** How many liveness answers were not "UP", per service instance. */
    Map<String, Integer> downAnswers() {
        Map<String, Integer> counts = new TreeMap<>();
        down.forEach((instance, count) -> counts.put(instance, count.get()));
        return counts;
    }

    /** How many liveness answers were received in all (so that a quiet watch is known to have watched). */
    int answers() {
        return answers.get();
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }

    private void sample() {
        for (ServiceProcess service : services.get()) {
            Answer answer = ask(service);
            int silent = answer == Answer.SILENT ? silentRun.merge(service.instanceName(), 1, Integer::sum) : 0;
            if (answer != Answer.SILENT) {
                silentRun.remove(service.instanceName());
            }
            if (answer == Answer.DOWN || silent >= SILENT_IN_A_ROW) {
                down.computeIfAbsent(service.instanceName(), name -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    private Answer ask(ServiceProcess service) {
        try {
            HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/live"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            answers.incrementAndGet();
            return answer.statusCode() == 200 ? Answer.UP : Answer.DOWN;
        } catch (ConnectException notListening) {
            return Answer.UNCOUNTED;
        } catch (IOException noAnswer) {
            return service.isAlive() ? Answer.SILENT : Answer.UNCOUNTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.UNCOUNTED;
        }
    }
}
