package dev.threshold.identity.apps.api;

import java.util.List;

/** The list shape of API.md: every app at once (an org has at most {@code pageSize} of them). */
public record OrgAppPage(List<OrgAppResponse> entities, int pageSize, int pageNumber, int total) {
}
