-- The W3C trace context of the request that wrote the event; the relay sends it as the traceparent header.
alter table outbox_event add column trace_parent text;
