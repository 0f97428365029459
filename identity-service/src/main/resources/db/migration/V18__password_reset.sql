-- Forgotten passwords (reset/PasswordResetService): one row per emailed link. Only the SHA-256 of
-- the link's token is kept; a newer request replaces the older link (replaced_at), a reset uses it
-- (used_at), and it expires (expires_at, threshold.password-reset.ttl). SessionCleanup deletes rows
-- a week after they expired.
create table password_reset (
    id           uuid        primary key,
    user_id      uuid        not null references app_user (id) on delete cascade,
    org_id       uuid        not null,
    token_hash   text        not null unique,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    used_at      timestamptz,
    replaced_at  timestamptz
);
create index password_reset_live on password_reset (user_id) where used_at is null and replaced_at is null;
create index password_reset_expires on password_reset (expires_at);
