-- One claim mapping for both protocols (docs/sso.md, "Claim mapping"): a SAML provider's email
-- attribute is identity_provider.email_claim like an OIDC provider's claim ('email', the default,
-- means: the NameID of format emailAddress, else the email/mail attributes).
update identity_provider p set email_claim = s.email_attribute
    from saml_provider s
    where s.idp_id = p.id and s.email_attribute is not null;
alter table saml_provider drop column email_attribute;
