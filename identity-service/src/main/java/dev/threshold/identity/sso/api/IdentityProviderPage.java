package dev.threshold.identity.sso.api;

import java.util.List;

public record IdentityProviderPage(List<IdentityProviderResponse> entities, int pageSize, int pageNumber, long total) {
}
