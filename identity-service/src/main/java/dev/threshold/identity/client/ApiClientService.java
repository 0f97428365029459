package dev.threshold.identity.client;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.client.api.ApiClientPage;
import dev.threshold.identity.client.api.ApiClientResponse;
import dev.threshold.identity.client.api.CreateApiClientRequest;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.session.SecretTokens;
import dev.threshold.identity.token.AccessTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * API clients and the client-credentials grant. Secrets are 256 random bits, so SHA-256 is the
 * right hash (no dictionary to slow down), compared in constant time.
 */
@ApplicationScoped
public class ApiClientService {

    private static final Logger LOG = Logger.getLogger(ApiClientService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** last_used_at is a hint for admins; writing it on every grant would cost more than the grant. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    /** Hashed when the client is unknown, so unknown and wrong secrets take the same time. */
    private static final String UNKNOWN_CLIENT_HASH = SecretTokens.hash("unknown-client");

    private final ApiClientRepository clients;
    private final AccessTokens tokens;
    private final Clock clock;

    public ApiClientService(ApiClientRepository clients, AccessTokens tokens, Clock clock) {
        this.clients = clients;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Uni<ApiClientResponse> create(UUID orgId, String createdBy, CreateApiClientRequest request) {
        String secret = SecretTokens.newSecret();
        ApiClient client = new ApiClient();
        client.clientId = "tc_" + randomId();
        client.orgId = orgId;
        client.name = request.name().strip();
        client.roles = String.join(",", request.roles().stream().distinct().toList());
        client.secretHash = SecretTokens.hash(secret);
        client.createdAt = clock.instant();
        client.createdBy = createdBy;
        return Panache.withTransaction(() -> clients.persist(client))
                .invoke(saved -> LOG.infof("API client %s created in org %s by %s", saved.clientId, orgId, createdBy))
                .map(saved -> toResponse(saved, secret));
    }

    public Uni<ApiClientPage> list(UUID orgId) {
        return Panache.withSession(() -> clients.ofOrg(orgId)).map(list -> {
            List<ApiClientResponse> entities = list.stream().map(c -> toResponse(c, null)).toList();
            return new ApiClientPage(entities, entities.size(), 1, entities.size());
        });
    }

    public Uni<ApiClientResponse> get(UUID orgId, String clientId) {
        return Panache.withSession(() -> clients.findById(clientId)).map(client -> {
            if (client == null || !client.orgId.equals(orgId)) {
                throw new ProblemException(IdentityProblem.API_CLIENT_NOT_FOUND);
            }
            return toResponse(client, null);
        });
    }

    public Uni<Void> delete(UUID orgId, String clientId) {
        return Panache.withTransaction(() -> clients.deleteInOrg(orgId, clientId)).map(deleted -> {
            if (deleted == 0) {
                throw new ProblemException(IdentityProblem.API_CLIENT_NOT_FOUND);
            }
            LOG.infof("API client %s deleted in org %s", clientId, orgId);
            return null;
        });
    }

    /** The client-credentials grant: an access token for the client, or null when the credentials are wrong. */
    public Uni<GrantedToken> grant(String clientId, String secret) {
        return clients.findForGrant(clientId).chain(client -> {
            byte[] presented = SecretTokens.sha256(secret);
            byte[] expected = Base64.getUrlDecoder().decode(client == null ? UNKNOWN_CLIENT_HASH : client.secretHash);
            if (!MessageDigest.isEqual(presented, expected) || client == null) {
                return Uni.createFrom().nullItem();
            }
            return touch(client).chain(() -> tokens.accessToken(new AccessTokens.AccessTokenClaims(
                    "client:" + client.clientId, client.orgId, client.roleList(), List.of("client"), null, null)))
                    .map(token -> new GrantedToken(token, tokens.accessTokenTtl().toSeconds()));
        });
    }

    private Uni<Void> touch(ApiClient client) {
        Instant now = clock.instant();
        if (client.lastUsedAt != null && client.lastUsedAt.plus(LAST_USED_RESOLUTION).isAfter(now)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> clients.touch(client.clientId, now)).replaceWithVoid();
    }

    private static ApiClientResponse toResponse(ApiClient client, String secret) {
        return new ApiClientResponse(client.clientId, secret, client.name, client.roleList(), client.createdAt,
                client.createdBy, client.lastUsedAt);
    }

    private static String randomId() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public record GrantedToken(String accessToken, long expiresIn) {
    }
}
