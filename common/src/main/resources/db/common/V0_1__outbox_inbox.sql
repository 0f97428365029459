-- Transactional outbox: events are written here in the same transaction as the state change
-- and relayed to RabbitMQ (exchange threshold.events) by OutboxRelay.
create table outbox (
    id            bigint generated always as identity primary key,
    event_id      uuid        not null unique,
    type          text        not null,
    aggregate_id  text        not null,
    org_id        text,
    payload       text        not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz,
    attempts      integer     not null default 0,
    last_error    text
);
create index outbox_unpublished on outbox (id) where published_at is null;

-- Inbox: one row per (consumer, event) applied, so a redelivered event is applied once.
create table inbox (
    consumer      text        not null,
    event_id      text        not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);
