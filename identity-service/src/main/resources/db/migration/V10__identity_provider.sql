-- OpenID Connect identity providers of an organization (SSO). The client secret is AES-256-GCM
-- sealed under the key encryption key (threshold.tokens.key-encryption-key), the row id as
-- associated data, so a sealed secret cannot be moved to another row.
create table identity_provider (
    id                    uuid        primary key,
    org_id                uuid        not null references organization (id),
    type                  text        not null,
    display_name          text        not null,
    issuer                text        not null,
    client_id             text        not null,
    client_secret_sealed  bytea       not null,
    client_secret_key_id  text        not null,
    icon_url              text,
    scopes                text,
    email_claim           text        not null,
    jit_provisioning      boolean     not null default false,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    version               bigint      not null default 0
);
create index identity_provider_org on identity_provider (org_id, created_at, id);
