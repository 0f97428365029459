-- Read model of the organizations of this region (org.created / org.updated): their MFA policy.
create table org (
    id                 uuid        primary key,
    region             text        not null,
    mfa_required       boolean     not null,
    -- identity-service remembers browsers; kept here so the whole policy is in one place
    mfa_remember_days  integer     not null,
    -- time of the event the row reflects: an older event never overwrites a newer one
    event_time         timestamptz not null,
    updated_at         timestamptz not null
);

-- TOTP devices of users. A device is PENDING from enrollment until its first code validates it
-- (then ACTIVE); a PENDING one past expires_at is dead and purged.
create table device (
    id                 uuid        primary key,
    user_id            text        not null,
    org_id             uuid        not null,
    name               text        not null,
    -- lower-cased name: unique among a user's ACTIVE devices
    name_key           text        not null,
    -- the otpauth label's account (the user's email when enrolled), for the QR of a pending device
    account            text        not null,
    status             text        not null check (status in ('PENDING', 'ACTIVE')),
    is_default         boolean     not null default false,
    -- the TOTP secret, AES-256-GCM under key secret_kid with a per-row nonce; AAD binds it to id and user
    secret_ciphertext  bytea       not null,
    secret_nonce       bytea       not null,
    secret_kid         text        not null,
    created_at         timestamptz not null,
    expires_at         timestamptz,
    validated_at       timestamptz,
    last_used_at       timestamptz
);
create unique index device_active_name on device (user_id, name_key) where status = 'ACTIVE';
create unique index device_default on device (user_id) where is_default;
create index device_user on device (user_id, org_id);
create index device_pending_expiry on device (expires_at) where status = 'PENDING';

-- Time steps already accepted per device: a code is good once (RFC 6238 section 5.2).
create table used_step (
    device_id          uuid        not null references device (id) on delete cascade,
    step               bigint      not null,
    used_at            timestamptz not null,
    primary key (device_id, step)
);
create index used_step_used_at on used_step (used_at);

-- Recovery codes: only a salted SHA-256 of each is kept; single use.
create table recovery_code (
    id                 uuid        primary key,
    user_id            text        not null,
    org_id             uuid        not null,
    salt               bytea       not null,
    code_hash          bytea       not null,
    created_at         timestamptz not null,
    used_at            timestamptz
);
create index recovery_code_user on recovery_code (user_id, org_id);

-- Wrong codes per user, for the rate limit (N per window); old rows are purged.
create table failed_attempt (
    id                 bigint      generated always as identity primary key,
    user_id            text        not null,
    failed_at          timestamptz not null
);
create index failed_attempt_user on failed_attempt (user_id, failed_at);
