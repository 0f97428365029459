-- Signing keys of access tokens. The private key is encrypted (AES-256-GCM) under the key
-- encryption key of configuration, named by encryption_key_id so that key can be rotated.
create table signing_key (
    kid                text        primary key,
    algorithm          text        not null,
    public_jwk         text        not null,
    private_key        bytea       not null,
    encryption_key_id  text        not null,
    created_at         timestamptz not null,
    -- null while the key signs; set when a newer key took over (still published for a while)
    retired_at         timestamptz
);
create unique index signing_key_one_active on signing_key ((retired_at is null)) where retired_at is null;

alter table app_user add column password_hash text;
alter table app_user add column password_changed_at timestamptz;
alter table app_user add column activated_at timestamptz;
alter table app_user add column mfa_enrolled boolean not null default false;
create index app_user_email on app_user (email) where state = 'ACTIVE';

-- Earlier password hashes, for the policy's "no reuse of the last N".
create table password_history (
    id          uuid        primary key,
    user_id     uuid        not null references app_user (id) on delete cascade,
    hash        text        not null,
    created_at  timestamptz not null
);
create index password_history_user on password_history (user_id, created_at desc);

-- A login session: one per browser or client that logged in; several per user.
create table session (
    id             uuid        primary key,
    user_id        uuid        not null references app_user (id) on delete cascade,
    org_id         uuid        not null references organization (id),
    auth_method    text        not null,
    amr            text        not null,
    created_at     timestamptz not null,
    last_used_at   timestamptz not null,
    expires_at     timestamptz not null,
    revoked_at     timestamptz,
    revoked_reason text
);
create index session_by_user on session (user_id) where revoked_at is null;

-- Refresh tokens, stored as SHA-256 of the opaque value. used_at set = rotated away.
create table refresh_token (
    token_hash  text        primary key,
    session_id  uuid        not null references session (id) on delete cascade,
    created_at  timestamptz not null,
    used_at     timestamptz
);
create index refresh_token_session on refresh_token (session_id);

-- Failed password attempts, per account+client, per account and per client address.
create table login_throttle (
    throttle_key   text        primary key,
    failures       integer     not null,
    window_start   timestamptz not null,
    locked_until   timestamptz
);

-- Logins that wait for an MFA proof (the mfaToken's flow).
create table login_flow (
    id           uuid        primary key,
    user_id      uuid        not null references app_user (id) on delete cascade,
    org_id       uuid        not null,
    action       text        not null,
    cookie_mode  boolean     not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    consumed_at  timestamptz
);

-- API clients of admin scripts (client credentials). The secret is 256 random bits, so a
-- SHA-256 of it is as good as a slow hash and lets the token endpoint be fast.
create table api_client (
    client_id    text        primary key,
    org_id       uuid        not null references organization (id),
    name         text        not null,
    roles        text        not null,
    secret_hash  text        not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    last_used_at timestamptz
);
create index api_client_org on api_client (org_id, created_at);
