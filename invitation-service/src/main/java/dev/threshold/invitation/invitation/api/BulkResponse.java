package dev.threshold.invitation.invitation.api;

import java.util.List;

public record BulkResponse(List<BulkResult> results) {
}
