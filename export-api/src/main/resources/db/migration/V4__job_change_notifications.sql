-- Every change of a job is announced on the channel export_job_changed (payload: the job id). PostgreSQL delivers
-- it when the transaction commits, to every api replica that listens, so that event streams push the change at
-- once instead of polling the table. Whatever writes the row (read model, cancel, resend, retention) announces it.
create function announce_export_job_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('export_job_changed', new.id::text);
    return null;
end
$$;

create trigger export_job_changed
    after insert or update on export_job
    for each row execute function announce_export_job_change();
