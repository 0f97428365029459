-- Passkeys (WebAuthn, issue 19): a second kind of device beside TOTP. A passkey is a device row
-- of type WEBAUTHN: PENDING from enrollment (with a registration challenge) until its
-- registration verifies, then ACTIVE with the credential below. TOTP devices keep their secret;
-- passkeys have none, so the secret columns become optional.
alter table device add column type text not null default 'TOTP' check (type in ('TOTP', 'WEBAUTHN'));
alter table device alter column secret_ciphertext drop not null;
alter table device alter column secret_nonce drop not null;
alter table device alter column secret_kid drop not null;
-- the credential of an ACTIVE passkey (null while PENDING, and for TOTP devices)
alter table device add column credential_id bytea;
-- the credential's public key as the authenticator sent it: a COSE_Key (RFC 9052), CBOR
alter table device add column public_key bytea;
-- the authenticator's signature counter; 0 for authenticators that keep none (most synced passkeys)
alter table device add column sign_count bigint;
-- AuthenticatorTransport values the browser reported (usb, nfc, ble, internal, hybrid...), comma-separated
alter table device add column transports text;
-- the authenticator model (all zeros when attestation was not asked for, as here)
alter table device add column aaguid uuid;
-- attestation statement format of the registration (none, packed)
alter table device add column attestation_format text;
-- flags of the registration: user verified, backup eligible (a synced passkey), backed up
alter table device add column uv_initialized boolean;
alter table device add column backup_eligible boolean;
alter table device add column backup_state boolean;
alter table device add constraint device_totp_secret check (type <> 'TOTP' or secret_ciphertext is not null);
alter table device add constraint device_webauthn_credential
    check (type <> 'WEBAUTHN' or status = 'PENDING' or (credential_id is not null and public_key is not null
        and sign_count is not null));
-- a credential id belongs to one device of one person (WebAuthn Level 3, registration step 26)
create unique index device_credential_id on device (credential_id) where credential_id is not null;

-- WebAuthn challenges: 32 random bytes each, single use (the row is deleted when a response
-- names it, whether it verifies or not) and short-lived (expires_at, purged by housekeeping).
-- REGISTRATION belongs to one pending enrollment (device_id); LOGIN to one login flow (the
-- mfaToken's flow); STEP_UP to a person in My Account (access token).
create table webauthn_challenge (
    challenge          bytea       primary key,
    user_id            text        not null,
    org_id             uuid        not null,
    purpose            text        not null check (purpose in ('REGISTRATION', 'LOGIN', 'STEP_UP')),
    device_id          uuid        references device (id) on delete cascade,
    flow               uuid,
    created_at         timestamptz not null,
    expires_at         timestamptz not null,
    check ((purpose = 'REGISTRATION') = (device_id is not null)),
    check ((purpose = 'LOGIN') = (flow is not null))
);
create index webauthn_challenge_user on webauthn_challenge (user_id, org_id, purpose, created_at);
create index webauthn_challenge_expiry on webauthn_challenge (expires_at);
