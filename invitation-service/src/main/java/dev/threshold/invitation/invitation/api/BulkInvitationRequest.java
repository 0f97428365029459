package dev.threshold.invitation.invitation.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/v2/invitations/bulk}. Rows stay raw JSON until each is read on its own, so
 * a row with a wrong type or an unknown field fails alone instead of failing the request. More
 * than {@code threshold.invitations.bulk-max-size} rows is {@code bulk_too_large}.
 */
public record BulkInvitationRequest(@NotNull @Size(min = 1) List<JsonNode> invitations) {
}
