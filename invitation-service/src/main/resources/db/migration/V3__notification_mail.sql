-- Notifications to admins (today: an identity provider of their org was added, changed or
-- removed, from identity-service's org.identity_provider_changed). One row per recipient, queued
-- in the transaction that consumed the event (inbox), sent by delivery/NotificationWorker with
-- the same retries and backoff as invitation emails. data: the event's facts for the template
-- (no secrets), kind: which template.
create table notification_mail (
    id              uuid        primary key,
    org_id          uuid        not null,
    kind            text        not null,
    event_id        text        not null,
    recipient       text        not null,
    recipient_name  text,
    locale          text        not null,
    data            text        not null,
    status          text        not null check (status in ('QUEUED', 'SENT', 'FAILED')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz not null,
    unique (event_id, recipient)
);
create index notification_mail_due on notification_mail (next_attempt_at) where next_attempt_at is not null;
