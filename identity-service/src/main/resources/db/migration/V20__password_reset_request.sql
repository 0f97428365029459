-- Forgotten-password requests between their 202 and their links (reset/PasswordResetService): one
-- row per request that passed its limits, known email or not (the same write either way), deleted
-- in the transaction that makes its links. A row left behind (the process died after answering) is
-- handled by PasswordResetRequestSweep, so no request is lost to a crash.
create table password_reset_request (
    id            uuid        primary key,
    email         text        not null,
    requested_at  timestamptz not null
);
create index password_reset_request_requested on password_reset_request (requested_at);
