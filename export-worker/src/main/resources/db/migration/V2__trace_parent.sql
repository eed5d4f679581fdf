-- The W3C trace context of the request; the events of the job continue its trace.
alter table export_claim add column trace_parent text;
