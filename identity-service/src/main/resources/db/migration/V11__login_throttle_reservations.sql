-- Login attempts are reserved on their counters before the password is hashed (LoginThrottle).
-- Each counter carries the end of its window (its own lockout: the org policy's for an account
-- from one address, threshold.login.client-lockout for an address), so one upsert can reserve on
-- counters of different windows. There is no account-wide counter any more: the old ones go.
alter table login_throttle add column window_ends_at timestamptz;
delete from login_throttle where throttle_key like 'acct:%';
