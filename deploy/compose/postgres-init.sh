#!/usr/bin/env bash
# Creates the databases and roles of docker-compose's PostgreSQL, like devstack does locally.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<'SQL'
create role exportflow login password 'exportflow';
create role exportflow_reader login password 'exportflow_reader';
create database exportflow owner exportflow;
create database worker owner exportflow;
create database notifier owner exportflow;
create database shop owner exportflow;
SQL
psql -v ON_ERROR_STOP=1 --username exportflow --dbname shop -f /shop/schema.sql
