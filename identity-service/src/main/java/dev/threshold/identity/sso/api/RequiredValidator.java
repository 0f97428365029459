package dev.threshold.identity.sso.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.List;

/** {@link Required} for {@link IdentityProviderRequest}. */
public class RequiredValidator implements ConstraintValidator<Required, IdentityProviderRequest> {

    private static final String BLANK = "{jakarta.validation.constraints.NotBlank.message}";

    @Override
    public boolean isValid(IdentityProviderRequest request, ConstraintValidatorContext context) {
        if (request == null || request.type() == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        boolean valid = true;
        if ("oidc".equals(request.type())) {
            valid &= present(context, "issuer", request.issuer());
            valid &= present(context, "clientId", request.clientId());
            valid &= present(context, "clientSecret", request.clientSecret());
            valid &= absent(context, "metadataXml", request.metadataXml());
            valid &= absent(context, "metadataUrl", request.metadataUrl());
            valid &= absent(context, "entityId", request.entityId());
            valid &= absent(context, "ssoUrl", request.ssoUrl());
            valid &= absent(context, "certificates", request.certificates());
            valid &= absent(context, "allowIdpInitiated", request.allowIdpInitiated());
        } else if ("saml".equals(request.type())) {
            boolean explicit = !blank(request.entityId()) || !blank(request.ssoUrl())
                    || request.certificates() != null && !request.certificates().isEmpty();
            int sources = (blank(request.metadataXml()) ? 0 : 1) + (blank(request.metadataUrl()) ? 0 : 1)
                    + (explicit ? 1 : 0);
            if (sources == 0) {
                valid = violation(context, "metadataXml", "{threshold.idp.saml_source}");
            } else if (sources > 1) {
                valid = violation(context, "metadataXml", "{threshold.idp.saml_one_source}");
            } else if (explicit) {
                valid &= present(context, "entityId", request.entityId());
                valid &= present(context, "ssoUrl", request.ssoUrl());
                if (request.certificates() == null || request.certificates().isEmpty()) {
                    valid = violation(context, "certificates", BLANK);
                }
            }
            valid &= absent(context, "issuer", request.issuer());
            valid &= absent(context, "clientId", request.clientId());
            valid &= absent(context, "clientSecret", request.clientSecret());
            valid &= absent(context, "scopes", request.scopes());
        }
        return valid;
    }

    private static boolean present(ConstraintValidatorContext context, String field, String value) {
        return !blank(value) || violation(context, field, BLANK);
    }

    private static boolean absent(ConstraintValidatorContext context, String field, Object value) {
        boolean given = value instanceof String text ? !text.isEmpty() : value instanceof List<?> list ? !list.isEmpty()
                : value != null;
        return !given || violation(context, field, "{threshold.idp.not_applicable}");
    }

    private static boolean violation(ConstraintValidatorContext context, String field, String message) {
        context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
        return false;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
