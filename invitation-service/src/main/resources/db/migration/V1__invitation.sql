-- Read model of the organizations of this region, fed by org.created / org.updated.
create table org (
    id           uuid        primary key,
    name         text        not null,
    region       text        not null,
    -- the complete settings document of the last event (passwordPolicy, ssoOnly, invitationTtlDays, ...)
    settings     text        not null,
    -- time of the event the row reflects: an older event never overwrites a newer one
    event_time   timestamptz not null,
    updated_at   timestamptz not null
);

-- Users that are active in an org (from user.activated): inviting them again is a 409.
create table active_user (
    org_id       uuid        not null,
    email_key    text        not null,
    user_id      text        not null,
    activated_at timestamptz not null,
    primary key (org_id, email_key)
);

create table invitation (
    id            uuid        primary key,
    org_id        uuid        not null,
    email         text        not null,
    -- lower-cased email: one PENDING invitation per email and org, case-insensitively
    email_key     text        not null,
    name          text        not null,
    roles         text        not null,
    locale        text,
    status        text        not null check (status in ('PENDING', 'ACCEPTED', 'EXPIRED', 'REVOKED')),
    -- SHA-256 of the current token; the token itself is never stored here
    token_hash    text        not null,
    expires_at    timestamptz not null,
    invited_by    text,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    accepted_at   timestamptz,
    revoked_at    timestamptz,
    expired_at    timestamptz
);
create unique index invitation_pending_email on invitation (org_id, email_key) where status = 'PENDING';
create unique index invitation_token_hash on invitation (token_hash);
create index invitation_org_list on invitation (org_id, created_at desc, id);
create index invitation_pending_expiry on invitation (expires_at) where status = 'PENDING';

-- Every token ever issued, so a token replaced by a resend is told apart from an unknown one.
create table invitation_token (
    token_hash    text        primary key,
    invitation_id uuid        not null references invitation (id),
    created_at    timestamptz not null,
    replaced_at   timestamptz
);
create index invitation_token_invitation on invitation_token (invitation_id);

-- Invitation emails to send: written in the transaction that creates (or resends) the
-- invitation, sent after commit by DeliveryWorker. The raw token lives here only until the
-- row is SENT, CANCELLED or given up on, then it is set to null.
create table invitation_send (
    id              uuid        primary key,
    invitation_id   uuid        not null references invitation (id),
    org_id          uuid        not null,
    token           text,
    status          text        not null check (status in ('QUEUED', 'SENT', 'FAILED', 'CANCELLED')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz,
    last_attempt_at timestamptz,
    last_error      text,
    sent_at         timestamptz,
    created_at      timestamptz not null
);
create index invitation_send_due on invitation_send (next_attempt_at) where next_attempt_at is not null;
create index invitation_send_invitation on invitation_send (invitation_id, created_at desc);

-- Idempotency-Key of create and bulk: the first successful response, per org and key. The row
-- is inserted first in the request's transaction (a concurrent repeat waits on it), and the
-- response is filled in before commit; a failed request leaves no row.
create table idempotency_key (
    org_id          uuid        not null,
    idem_key        text        not null,
    request_hash    text        not null,
    response_status integer,
    response_body   text,
    created_at      timestamptz not null,
    primary key (org_id, idem_key)
);
create index idempotency_key_created on idempotency_key (created_at);
