package dev.exportflow.worker.claim;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Decides whose job a free slot takes: the tenant with the fewest running exports (counted against its weight) first,
 * among equals the one whose oldest job waits longest; within the tenant the user with the fewest running exports,
 * then the one waiting longest. A tenant that runs {@code maxRunningPerTenant} exports waits for one of them to end.
 *
 * <p>No one starves: a tenant (a user) is only passed over by one that runs less than it does, or as little and has
 * waited longer. Running exports end, and the jobs queued before a given job are finitely many, so each job in turn
 * becomes the first choice (docs/worker.md, "Fair share").
 */
public final class FairShare {

    private static final Comparator<Waiting> BY_RUNNING_THEN_AGE = Comparator.comparingInt(Waiting::running)
            .thenComparing(Waiting::oldest)
            .thenComparing(Waiting::name);

    private final int maxRunningPerTenant;
    private final Map<String, Integer> weights;

    /**
     * @param maxRunningPerTenant at most this many running exports per tenant; 0: no cap
     * @param weights a tenant's share relative to the others (default 1): weight 2 gets twice the running exports of a
     *        tenant with weight 1 before it has to wait for it
     */
    public FairShare(int maxRunningPerTenant, Map<String, Integer> weights) {
        if (maxRunningPerTenant < 0) {
            throw new IllegalArgumentException("max-running-per-tenant must be 0 (no cap) or more, not " + maxRunningPerTenant);
        }
        weights.forEach((tenant, weight) -> {
            if (weight == null || weight < 1) {
                throw new IllegalArgumentException("the weight of tenant " + tenant + " must be 1 or more, not " + weight);
            }
        });
        this.maxRunningPerTenant = maxRunningPerTenant;
        this.weights = Map.copyOf(weights);
    }

    /** Whether tenants have a cap on their running exports. */
    public boolean capped() {
        return maxRunningPerTenant > 0;
    }

    /** Whether a tenant that runs {@code running} exports may start one more. */
    public boolean belowCap(int running) {
        return maxRunningPerTenant == 0 || running < maxRunningPerTenant;
    }

    /** The tenants in the order their jobs should be taken; tenants at their cap are left out. */
    public List<Waiting> tenants(List<Waiting> waiting) {
        Comparator<Waiting> byShare = (a, b) -> Long.compare(
                (long) a.running() * weight(b.name()), (long) b.running() * weight(a.name()));
        return waiting.stream()
                .filter(tenant -> belowCap(tenant.running()))
                .sorted(byShare.thenComparing(Waiting::oldest).thenComparing(Waiting::name))
                .toList();
    }

    /** The users of one tenant in the order their jobs should be taken. */
    public List<Waiting> users(List<Waiting> waiting) {
        return waiting.stream().sorted(BY_RUNNING_THEN_AGE).toList();
    }

    private int weight(String tenant) {
        return weights.getOrDefault(tenant, 1);
    }
}
