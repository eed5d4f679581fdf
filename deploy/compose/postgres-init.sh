#!/usr/bin/env bash
# Creates the databases and roles of docker-compose's PostgreSQL, like devstack does locally.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<'SQL'
create role exportflow login password 'exportflow';
create role exportflow_reader login password 'exportflow_reader';
-- export queries keep their joins in memory and stream from the first row (docs/worker.md)
alter role exportflow_reader set work_mem = '64MB';
create database exportflow owner exportflow;
create database worker owner exportflow;
create database notifier owner exportflow;
create database shop owner exportflow;
SQL
psql -v ON_ERROR_STOP=1 --username exportflow --dbname shop -f /shop/schema.sql
