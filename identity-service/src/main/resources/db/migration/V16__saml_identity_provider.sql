-- SAML 2.0 identity providers (docs/sso.md, "SAML"). A SAML provider is a row of identity_provider
-- (type 'saml', issuer = the IdP's entity id, no client id or secret) plus its settings here.
alter table identity_provider alter column client_id drop not null;
alter table identity_provider alter column client_secret_sealed drop not null;
alter table identity_provider alter column client_secret_key_id drop not null;

-- The IdP's endpoints and signing certificates (base64 DER, space-separated, at most 4 for rollover),
-- and our own SP signing key for this provider: an RSA key whose private half is AES-256-GCM sealed
-- under the key encryption key (threshold.tokens.key-encryption-key), 'saml-sp-key:<idp id>' as
-- associated data, and its self-signed certificate (public, in the SP metadata).
create table saml_provider (
    idp_id                 uuid        primary key references identity_provider (id) on delete cascade,
    sso_url                text        not null,
    slo_url                text,
    metadata_url           text,
    idp_certificates       text        not null,
    email_attribute        text,
    allow_idp_initiated    boolean     not null default false,
    sp_certificate         text        not null,
    sp_private_key_sealed  bytea       not null,
    sp_private_key_key_id  text        not null
);

-- AuthnRequests we sent (SP-initiated sign-in): a response's InResponseTo must name one of these,
-- unexpired, of the same provider; each is used once.
create table saml_request (
    id          text        primary key,
    idp_id      uuid        not null references identity_provider (id) on delete cascade,
    return_to   text        not null,
    expires_at  timestamptz not null
);
create index saml_request_expires on saml_request (expires_at);

-- Assertion ids already accepted, kept until the assertion expires: a replay is refused.
create table saml_assertion (
    idp_id        uuid        not null references identity_provider (id) on delete cascade,
    assertion_id  text        not null,
    expires_at    timestamptz not null,
    primary key (idp_id, assertion_id)
);
create index saml_assertion_expires on saml_assertion (expires_at);

-- A validated response waiting for the browser's same-site hop to .../saml/finish (the IdP's
-- cross-site POST carries no SameSite=Lax cookie, so the browser binding is checked there). The
-- one-time code is stored as its SHA-256 only; rows live for a minute.
create table saml_completion (
    code_hash   bytea       primary key,
    idp_id      uuid        not null references identity_provider (id) on delete cascade,
    request_id  text,
    return_to   text        not null,
    email       text        not null,
    name        text,
    expires_at  timestamptz not null
);
create index saml_completion_expires on saml_completion (expires_at);
