-- Recovery codes of 100 bits under Argon2id (issue 12): a code is 20 characters of Crockford's
-- base32, "abcd-efgh-jkmn-pqrs-tvwx"; its first 4 characters are a lookup that is stored in clear
-- and picks the one row to verify, the other 16 (80 bits) are known only through the hash.
--
-- The old codes (10 characters, 50 bits, salted SHA-256) are NOT carried over: a fast hash of 50
-- bits is exactly what this migration removes. Their rows are deleted; people keep their devices
-- and see "0 recovery codes left" in My Account, where "New recovery codes" (with a current code
-- of a device) gives them a new set. A person who lost the device as well needs an admin reset.
delete from recovery_code;
alter table recovery_code drop column salt;
alter table recovery_code drop column code_hash;
alter table recovery_code add column lookup text not null;
-- PHC string: $argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>
alter table recovery_code add column code_hash text not null;
create unique index recovery_code_lookup on recovery_code (user_id, org_id, lookup);
