-- Browsers where a person ticked "remember this device" after MFA: the cookie's secret, hashed.
create table remembered_device (
    id           uuid        primary key,
    user_id      uuid        not null references app_user (id) on delete cascade,
    secret_hash  text        not null unique,
    created_at   timestamptz not null,
    expires_at   timestamptz not null
);
create index remembered_device_user on remembered_device (user_id);
