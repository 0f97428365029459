create table app_user (
    id             uuid        primary key,
    org_id         uuid        not null references organization (id),
    email          text        not null,
    name           text,
    state          text        not null,
    roles          text        not null,
    locale         text,
    invitation_id  uuid,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    version        bigint      not null default 0
);
-- emails are stored lower-case: one person per email in an organization
create unique index app_user_org_email on app_user (org_id, email);
create index app_user_org_state on app_user (org_id, state, email);
