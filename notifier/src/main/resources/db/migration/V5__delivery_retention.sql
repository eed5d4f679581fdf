-- Deliveries are pruned after exportflow.notifier.delivery.retention (P8D): finished and announced rows, oldest
-- first. What the pruner scans.
create index delivery_prunable on delivery (finished_at) where notified_at is not null;
