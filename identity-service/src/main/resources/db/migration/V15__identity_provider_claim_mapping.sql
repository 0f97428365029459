-- Per-provider claim mapping (docs/sso.md, "Claim mapping"; sso/ClaimMapping). email_claim exists
-- since V10. trust_email: the provider's address counts as verified without email_verified (only
-- with allowed_domains, checked by the API). allowed_domains: space-separated lower-case ASCII
-- domain names the provider may speak for, null = any. name_claim: where the display name is.
-- jit_roles: comma-separated roles of people created just in time (as app_user.roles).
alter table identity_provider
    add column trust_email     boolean not null default false,
    add column allowed_domains text,
    add column name_claim      text    not null default 'name',
    add column jit_roles       text    not null default 'user';
