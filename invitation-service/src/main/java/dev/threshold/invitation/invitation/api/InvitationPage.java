package dev.threshold.invitation.invitation.api;

import java.util.List;

/** A page of invitations, newest first; {@code pageNumber} counts from 1. */
public record InvitationPage(List<InvitationResponse> entities, int pageSize, int pageNumber, long total) {
}
