-- Each instance loads the sessions ended within the last access-token lifetime at start
-- (session/RevokedSessionsLoader), so their access tokens are refused after a restart too.
create index session_revoked_at on session (revoked_at) where revoked_at is not null;
