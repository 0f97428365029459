package dev.threshold.invitation.invitation;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.invitation.config.InvitationConfig;
import dev.threshold.invitation.delivery.InvitationSend;
import dev.threshold.invitation.delivery.SendQueueRepository;
import dev.threshold.invitation.invitation.events.InvitationCreated;
import dev.threshold.invitation.invitation.events.InvitationRevoked;
import dev.threshold.invitation.invitation.api.BulkResponse;
import dev.threshold.invitation.invitation.api.BulkResult;
import dev.threshold.invitation.invitation.api.DeliveryResponse;
import dev.threshold.invitation.invitation.api.InvitationPage;
import dev.threshold.invitation.invitation.api.InvitationResponse;
import dev.threshold.invitation.org.ActiveUserRepository;
import dev.threshold.invitation.org.OrgSettings;
import dev.threshold.invitation.org.Organization;
import dev.threshold.invitation.org.OrganizationRepository;
import dev.threshold.invitation.problem.InvitationProblem;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Invitations of one org, as its admins manage them. Every state change writes its event to the
 * outbox and its email to the send queue in the same transaction.
 */
@ApplicationScoped
public class InvitationService {

    private static final Logger LOG = Logger.getLogger(InvitationService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final InvitationRepository invitations;
    private final InvitationTokenRepository tokens;
    private final OrganizationRepository organizations;
    private final ActiveUserRepository activeUsers;
    private final SendQueueRepository sends;
    private final Outbox outbox;
    private final IdempotencyStore idempotency;
    private final BulkRows bulkRows;
    private final InvitationConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;

    public InvitationService(InvitationRepository invitations, InvitationTokenRepository tokens,
            OrganizationRepository organizations, ActiveUserRepository activeUsers, SendQueueRepository sends, Outbox outbox,
            IdempotencyStore idempotency, BulkRows bulkRows, InvitationConfig config, ObjectMapper mapper, Clock clock) {
        this.invitations = invitations;
        this.tokens = tokens;
        this.organizations = organizations;
        this.activeUsers = activeUsers;
        this.sends = sends;
        this.outbox = outbox;
        this.idempotency = idempotency;
        this.bulkRows = bulkRows;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** A response as it went out the first time (replayed for a repeated Idempotency-Key). */
    public record Outcome(int status, Object body, boolean replayed) {
    }

    // ---------------------------------------------------------------- create

    public Uni<Outcome> create(UUID orgId, NewInvitation request, String idempotencyKey, Object rawRequest) {
        String hash = idempotencyKey == null ? null : idempotency.requestHash("create", rawRequest);
        return Panache.withTransaction(() -> claim(orgId, idempotencyKey, hash)
                        .chain(stored -> stored != null
                                ? Uni.createFrom().item(new Outcome(stored.status(), stored.body(), true))
                                : requireOrg(orgId)
                                        .chain(org -> conflictsOf(orgId, Set.of(request.emailKey()))
                                                .chain(conflicts -> {
                                                    if (conflicts.active().contains(request.emailKey())) {
                                                        throw new ProblemException(InvitationProblem.USER_EXISTS);
                                                    }
                                                    if (conflicts.pending().contains(request.emailKey())) {
                                                        throw new ProblemException(InvitationProblem.INVITATION_EXISTS);
                                                    }
                                                    return insert(org, List.of(request));
                                                }))
                                        .map(created -> created.get(0))
                                        .map(created -> new Outcome(201, toResponse(created.invitation(),
                                                created.send()), false))
                                        .call(outcome -> complete(orgId, idempotencyKey, outcome))))
                .onFailure(InvitationService::isUniqueViolation)
                .transform(failure -> new ProblemException(InvitationProblem.INVITATION_EXISTS))
                .invoke(outcome -> {
                    if (!outcome.replayed()) {
                        LOG.infof("Invitation %s created in org %s", ((InvitationResponse) outcome.body()).id(), orgId);
                    }
                });
    }

    /** The first admin of a new org (org.created), inside the consumer's transaction. */
    public Uni<Invitation> inviteFirstAdmin(Organization org, NewInvitation admin) {
        return conflictsOf(org.id, Set.of(admin.emailKey()))
                .chain(conflicts -> {
                    if (!conflicts.pending().isEmpty() || !conflicts.active().isEmpty()) {
                        LOG.infof("First admin of org %s is already invited or active", org.id);
                        return Uni.createFrom().nullItem();
                    }
                    return insert(org, List.of(admin)).map(created -> created.get(0).invitation());
                });
    }

    // ---------------------------------------------------------------- bulk

    public Uni<Outcome> bulk(UUID orgId, List<com.fasterxml.jackson.databind.JsonNode> rows, String inviter,
            String idempotencyKey, Object rawRequest) {
        if (rows.size() > config.bulkMaxSize()) {
            throw new ProblemException(InvitationProblem.BULK_TOO_LARGE, config.bulkMaxSize());
        }
        List<BulkRows.Row> parsed = bulkRows.parse(rows, inviter);
        String hash = idempotencyKey == null ? null : idempotency.requestHash("bulk", rawRequest);
        Uni<Outcome> attempt = Uni.createFrom().deferred(() -> Panache.withTransaction(() -> claim(orgId, idempotencyKey, hash)
                .chain(stored -> stored != null
                        ? Uni.createFrom().item(new Outcome(stored.status(), stored.body(), true))
                        : requireOrg(orgId).chain(org -> bulkInsert(org, parsed))
                                .map(response -> new Outcome(200, response, false))
                                .call(outcome -> complete(orgId, idempotencyKey, outcome)))));
        // a concurrent single create may take an email between our check and our insert: once
        // more, and the check sees it
        return attempt.onFailure(InvitationService::isUniqueViolation).retry().atMost(2);
    }

    private Uni<BulkResponse> bulkInsert(Organization org, List<BulkRows.Row> rows) {
        List<String> keys = rows.stream().filter(row -> row.invitation() != null)
                .map(row -> row.invitation().emailKey()).distinct().toList();
        return conflictsOf(org.id, keys).chain(conflicts -> {
            BulkResult[] results = new BulkResult[rows.size()];
            List<NewInvitation> accepted = new ArrayList<>();
            List<Integer> acceptedIndexes = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (BulkRows.Row row : rows) {
                if (row.invitation() == null) {
                    results[row.index()] = new BulkResult(row.index(), row.email(), 400,
                            null, dev.threshold.common.problem.CommonProblem.VALIDATION_FAILED.code(), row.errors());
                    continue;
                }
                String key = row.invitation().emailKey();
                InvitationProblem conflict = conflicts.active().contains(key) ? InvitationProblem.USER_EXISTS
                        : conflicts.pending().contains(key) ? InvitationProblem.INVITATION_EXISTS
                        : !seen.add(key) ? InvitationProblem.DUPLICATE_IN_REQUEST : null;
                if (conflict != null) {
                    results[row.index()] = new BulkResult(row.index(), row.email(), conflict.status(), null,
                            conflict.code(), null);
                    continue;
                }
                accepted.add(row.invitation());
                acceptedIndexes.add(row.index());
            }
            return insert(org, accepted).map(created -> {
                for (int i = 0; i < created.size(); i++) {
                    int index = acceptedIndexes.get(i);
                    results[index] = new BulkResult(index, rows.get(index).email(), 201, created.get(i).invitation().id,
                            null, null);
                }
                return new BulkResponse(List.of(results));
            });
        });
    }

    // ---------------------------------------------------------------- read

    public Uni<InvitationPage> list(UUID orgId, InvitationStatus status, int pageNumber, int pageSize) {
        return Panache.withSession(() -> invitations.page(orgId, status, pageNumber - 1, pageSize)
                .chain(page -> invitations.countInOrg(orgId, status)
                        .chain(total -> withDelivery(page)
                                .map(entities -> new InvitationPage(entities, pageSize, pageNumber, total)))));
    }

    public Uni<InvitationResponse> get(UUID orgId, UUID id) {
        return Panache.withSession(() -> invitations.findInOrg(orgId, id)
                .onItem().ifNull().failWith(() -> new ProblemException(InvitationProblem.INVITATION_NOT_FOUND))
                .chain(invitation -> withDelivery(List.of(invitation)).map(list -> list.get(0))));
    }

    // ---------------------------------------------------------------- resend, revoke

    /** A new token and a new email; the previous link answers 410 invitation_revoked from now on. */
    public Uni<InvitationResponse> resend(UUID orgId, UUID id) {
        Instant now = now();
        return Panache.withTransaction(() -> lockInOrg(orgId, id)
                .chain(invitation -> {
                    if (invitation.status != InvitationStatus.PENDING) {
                        throw new ProblemException(InvitationProblem.INVITATION_NOT_PENDING, invitation.status.name());
                    }
                    return organizations.findById(orgId).chain(org -> {
                        String token = InvitationTokens.generate();
                        String previousHash = invitation.tokenHash;
                        invitation.tokenHash = InvitationTokens.hash(token);
                        invitation.expiresAt = expiryFor(org, now);
                        invitation.updatedAt = now;
                        return tokens.markReplaced(previousHash, now)
                                .chain(() -> sends.cancelOpen(List.of(invitation.id), now))
                                .chain(() -> tokens.persist(InvitationToken.of(invitation.tokenHash, invitation.id, now)))
                                .chain(() -> sends.queue(invitation.id, orgId, token, now))
                                .map(send -> toResponse(invitation, send));
                    });
                }))
                .invoke(response -> LOG.infof("Invitation %s resent in org %s", id, orgId));
    }

    /** REVOKED and its link dead; revoking twice is fine, revoking an accepted or expired one is not. */
    public Uni<Void> revoke(UUID orgId, UUID id) {
        Instant now = now();
        return Panache.withTransaction(() -> lockInOrg(orgId, id)
                .chain(invitation -> {
                    if (invitation.status == InvitationStatus.REVOKED) {
                        return Uni.createFrom().voidItem();
                    }
                    if (invitation.status != InvitationStatus.PENDING) {
                        throw new ProblemException(InvitationProblem.INVITATION_NOT_PENDING, invitation.status.name());
                    }
                    invitation.status = InvitationStatus.REVOKED;
                    invitation.revokedAt = now;
                    invitation.updatedAt = now;
                    return sends.cancelOpen(List.of(invitation.id), now)
                            .chain(() -> outbox.append(InvitationRevoked.NAME, invitation.id.toString(), orgId.toString(),
                                    new InvitationRevoked(invitation.id, orgId, invitation.email)))
                            .invoke(() -> LOG.infof("Invitation %s revoked in org %s", id, orgId))
                            .replaceWithVoid();
                }));
    }

    // ---------------------------------------------------------------- internals

    private record Created(Invitation invitation, InvitationSend send) {
    }

    private record Conflicts(Set<String> pending, Set<String> active) {
    }

    private Uni<Conflicts> conflictsOf(UUID orgId, java.util.Collection<String> keys) {
        return invitations.pendingEmailKeys(orgId, keys)
                .chain(pending -> activeUsers.activeEmailKeys(orgId, keys).map(active -> new Conflicts(pending, active)));
    }

    /** Invitations, their tokens, their emails and their events, all in the current transaction. */
    private Uni<List<Created>> insert(Organization org, List<NewInvitation> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = now();
        Instant expiresAt = expiryFor(org, now);
        List<Invitation> created = new ArrayList<>(requests.size());
        List<InvitationToken> issued = new ArrayList<>(requests.size());
        List<InvitationSend> queued = new ArrayList<>(requests.size());
        for (NewInvitation request : requests) {
            String token = InvitationTokens.generate();
            Invitation invitation = new Invitation();
            invitation.id = UUID.randomUUID();
            invitation.orgId = org.id;
            invitation.email = request.email();
            invitation.emailKey = request.emailKey();
            invitation.name = request.name();
            invitation.roles = Role.join(request.roles());
            invitation.locale = request.locale();
            invitation.status = InvitationStatus.PENDING;
            invitation.tokenHash = InvitationTokens.hash(token);
            invitation.expiresAt = expiresAt;
            invitation.invitedBy = request.invitedBy();
            invitation.createdAt = now;
            invitation.updatedAt = now;
            created.add(invitation);
            issued.add(InvitationToken.of(invitation.tokenHash, invitation.id, now));
            queued.add(InvitationSend.queued(invitation.id, org.id, token, now));
        }
        return invitations.persist(created)
                .chain(() -> tokens.persist(issued))
                .chain(() -> sends.persist(queued))
                // inserts go to the database in batches here, the events in one statement per 1000
                .chain(() -> invitations.flush())
                .chain(() -> outbox.appendAll(created.stream().map(invitation -> new Outbox.Event(
                        InvitationCreated.NAME, invitation.id.toString(), org.id.toString(),
                        createdEvent(invitation))).toList()))
                .map(ignored -> {
                    List<Created> result = new ArrayList<>(created.size());
                    for (int i = 0; i < created.size(); i++) {
                        result.add(new Created(created.get(i), queued.get(i)));
                    }
                    return result;
                });
    }

    private static InvitationCreated createdEvent(Invitation invitation) {
        return new InvitationCreated(invitation.id, invitation.orgId, invitation.email, invitation.name,
                invitation.roleList(), invitation.locale, invitation.expiresAt);
    }

    private Instant expiryFor(Organization org, Instant now) {
        int days = org == null ? config.defaultTtlDays()
                : OrgSettings.parse(org.settingsJson, mapper).ttlDays(config.defaultTtlDays(), config.maxTtlDays());
        return now.plus(Duration.ofDays(days));
    }

    private Uni<Organization> requireOrg(UUID orgId) {
        return organizations.findById(orgId)
                .onItem().ifNull().failWith(() -> ProblemException.withHeader(InvitationProblem.ORG_NOT_READY,
                        "Retry-After", "5"));
    }

    private Uni<Invitation> lockInOrg(UUID orgId, UUID id) {
        return invitations.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .map(invitation -> {
                    if (invitation == null || !invitation.orgId.equals(orgId)) {
                        throw new ProblemException(InvitationProblem.INVITATION_NOT_FOUND);
                    }
                    return invitation;
                });
    }

    private Uni<IdempotencyStore.Stored> claim(UUID orgId, String key, String hash) {
        return key == null ? Uni.createFrom().nullItem() : idempotency.claim(orgId, key, hash);
    }

    private Uni<Void> complete(UUID orgId, String key, Outcome outcome) {
        return key == null ? Uni.createFrom().voidItem() : idempotency.complete(orgId, key, outcome.status(), outcome.body());
    }

    private Uni<List<InvitationResponse>> withDelivery(List<Invitation> page) {
        return sends.latestOf(page.stream().map(invitation -> invitation.id).toList())
                .map(latest -> page.stream().map(invitation -> toResponse(invitation, latest.get(invitation.id))).toList());
    }

    static InvitationResponse toResponse(Invitation invitation, InvitationSend send) {
        DeliveryResponse delivery = send == null ? null : new DeliveryResponse(send.status.name(), send.attempts,
                send.lastAttemptAt, send.lastError, send.nextAttemptAt, send.sentAt);
        return new InvitationResponse(invitation.id, invitation.email, invitation.name, invitation.roleList(),
                invitation.locale, invitation.status.name(), invitation.expiresAt, invitation.createdAt,
                invitation.invitedBy, invitation.acceptedAt, invitation.revokedAt, delivery);
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Postgres keeps microseconds: what we answer is what a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
