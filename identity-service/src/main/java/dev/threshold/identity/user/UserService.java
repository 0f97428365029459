package dev.threshold.identity.user;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.user.api.UserPage;
import dev.threshold.identity.user.api.UserResponse;
import dev.threshold.identity.user.events.InvitationEvent;
import dev.threshold.identity.user.events.UserActivated;
import dev.threshold.identity.user.events.UserInvited;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final Outbox outbox;

    public UserService(UserRepository users, Outbox outbox) {
        this.users = users;
        this.outbox = outbox;
    }

    public Uni<UserPage> list(UUID orgId, UserState state, int pageNumber, int pageSize) {
        return Panache.withSession(() -> users.count(orgId, state)
                .chain(total -> users.page(orgId, state, pageNumber - 1, pageSize)
                        .map(page -> new UserPage(page.stream().map(UserResponse::of).toList(), pageSize, pageNumber,
                                total))));
    }

    public Uni<UserResponse> get(UUID orgId, UUID userId) {
        return Panache.withSession(() -> users.findInOrg(orgId, userId))
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.USER_NOT_FOUND))
                .map(UserResponse::of);
    }

    /**
     * An invitation was created: the person appears as {@code INVITED} (or is invited again after an
     * earlier invitation ended). Active users are left alone. Runs inside the consumer's transaction.
     */
    public Uni<Void> invited(InvitationEvent invitation) {
        return users.findByEmail(invitation.orgId(), invitation.email()).chain(existing -> {
            if (existing != null && existing.state == UserState.ACTIVE) {
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now();
            User user = existing != null ? existing : newUser(invitation, now);
            user.state = UserState.INVITED;
            user.invitationId = invitation.invitationId();
            user.name = invitation.name();
            user.roles = String.join(",", invitation.roles() == null ? List.of("user") : invitation.roles());
            user.locale = invitation.locale();
            user.updatedAt = now;
            return users.persist(user)
                    .call(saved -> outbox.append(UserInvited.NAME, saved.id.toString(), saved.orgId.toString(),
                            new UserInvited(saved.id, saved.orgId, saved.email)))
                    .replaceWithVoid();
        });
    }

    /** The invitation was revoked or expired before the person accepted it. */
    public Uni<Void> invitationEnded(InvitationEvent invitation, UserState outcome) {
        return users.findByInvitation(invitation.orgId(), invitation.invitationId()).chain(user -> {
            if (user == null || user.state != UserState.INVITED) {
                return Uni.createFrom().voidItem();
            }
            user.state = outcome;
            user.updatedAt = Instant.now();
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * A redeemed invitation: the person becomes {@code ACTIVE} (created here if the
     * {@code invitation.created} event has not arrived yet). Runs inside the caller's transaction.
     *
     * @param passwordHash null for a person who signs in through SSO only
     */
    public Uni<User> activate(Activation activation, String passwordHash, String authMethod) {
        Instant now = Instant.now();
        return users.findByEmail(activation.orgId(), activation.email()).chain(existing -> {
            User user = existing != null ? existing : newUser(activation.orgId(), activation.email(), now);
            user.state = UserState.ACTIVE;
            user.invitationId = activation.invitationId();
            if (activation.name() != null && !activation.name().isBlank()) {
                user.name = activation.name();
            }
            List<String> roles = activation.roles() == null || activation.roles().isEmpty() ? List.of("user")
                    : activation.roles();
            user.roles = String.join(",", roles);
            user.locale = activation.locale();
            user.passwordHash = passwordHash;
            user.passwordChangedAt = passwordHash == null ? null : now;
            user.activatedAt = now;
            user.updatedAt = now;
            return users.persist(user)
                    .call(saved -> outbox.append(UserActivated.NAME, saved.id.toString(), saved.orgId.toString(),
                            new UserActivated(saved.id, saved.orgId, saved.email, roles, activation.invitationId(),
                                    authMethod)));
        });
    }

    /** What a redeemed invitation says about the person. */
    public record Activation(UUID invitationId, UUID orgId, String email, String name, List<String> roles,
            String locale) {
    }

    private static User newUser(InvitationEvent invitation, Instant now) {
        return newUser(invitation.orgId(), invitation.email(), now);
    }

    private static User newUser(UUID orgId, String email, Instant now) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.orgId = orgId;
        user.email = email.trim().toLowerCase(Locale.ROOT);
        user.createdAt = now;
        return user;
    }
}
