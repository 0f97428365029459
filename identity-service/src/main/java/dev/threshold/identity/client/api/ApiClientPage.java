package dev.threshold.identity.client.api;

import java.util.List;

public record ApiClientPage(List<ApiClientResponse> entities, int pageSize, int pageNumber, long total) {
}
