-- The organization's apps (issue 16, item 8): the tiles of the splash screen. Admins add, change and
-- remove them (apps/OrgAppService); visible_to says who sees a tile (everyone, or admins only);
-- position orders the tiles, then created_at. The org's rows go with the org.
create table org_app (
    id           uuid        primary key,
    org_id       uuid        not null references organization (id) on delete cascade,
    name         text        not null,
    url          text        not null,
    description  text,
    icon_url     text,
    visible_to   text        not null,
    position     integer     not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    version      bigint      not null default 0
);
create index org_app_org on org_app (org_id, position, created_at, id);
