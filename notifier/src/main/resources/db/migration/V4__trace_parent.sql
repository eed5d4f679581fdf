-- The W3C trace context of the event that asked for the email; ExportNotified continues that trace.
alter table delivery add column trace_parent text;
