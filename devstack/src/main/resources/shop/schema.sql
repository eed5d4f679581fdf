-- The demo source database: a small shop, many tenants, as many orders as you like.
create schema if not exists shop;

create table if not exists shop.customers (
    id          bigint primary key,
    tenant_id   text        not null,
    name        text        not null,
    email       text        not null,
    country     text        not null,
    created_at  timestamptz not null
);

create table if not exists shop.orders (
    id          bigint primary key,
    tenant_id   text          not null,
    customer_id bigint        not null references shop.customers (id),
    status      text          not null,
    ordered_at  timestamptz   not null,
    total       numeric(12,2) not null,
    currency    text          not null,
    item_count  int           not null,
    note        text
);
create index if not exists orders_by_tenant_and_date on shop.orders (tenant_id, ordered_at);
-- Serves the orders dataset's "where tenant_id = ? order by id": the rows leave in order from the first one
-- on, so an export streams while the database reads instead of waiting for a sort of the whole result.
create index if not exists orders_by_tenant_and_id on shop.orders (tenant_id, id);

create table if not exists shop.order_lines (
    order_id     bigint        not null references shop.orders (id),
    line_no      int           not null,
    sku          text          not null,
    product_name text          not null,
    quantity     int           not null,
    unit_price   numeric(12,2) not null,
    primary key (order_id, line_no)
);

grant usage on schema shop to exportflow_reader;
grant select on all tables in schema shop to exportflow_reader;
alter default privileges in schema shop grant select on tables to exportflow_reader;
