package dev.threshold.identity.user.api;

import java.util.List;

/** The API's list shape: {@code {"entities", "pageSize", "pageNumber", "total"}}. */
public record UserPage(List<UserResponse> entities, int pageSize, int pageNumber, long total) {
}
