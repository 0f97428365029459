create table organization (
    id          uuid        primary key,
    name        text        not null,
    region      text        not null,
    settings    text        not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     bigint      not null default 0
);
-- Names are stored lower-case; the index makes "unique in the region" hold under races.
create unique index organization_name_unique on organization (name);
