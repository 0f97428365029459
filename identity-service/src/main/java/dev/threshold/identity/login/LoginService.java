package dev.threshold.identity.login;

import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.login.api.LoginRequest;
import dev.threshold.identity.login.api.LoginResult;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.org.OrganizationService;
import dev.threshold.identity.password.HashingPool;
import dev.threshold.identity.password.PasswordHasher;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.user.User;
import dev.threshold.identity.user.UserRepository;
import dev.threshold.identity.user.events.UserLocked;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Password login. An unknown email and a wrong password look the same (status, body and, through a
 * dummy hash, time). An email in several orgs of the region is checked against each; only the orgs
 * whose password matched are offered for selection, so the answer reveals nothing to a guesser.
 */
@ApplicationScoped
public class LoginService {

    private static final Logger LOG = Logger.getLogger(LoginService.class);

    private final UserRepository users;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final PasswordHasher hasher;
    private final HashingPool hashing;
    private final LoginThrottle throttle;
    private final LoginCompletion completion;
    private final LoginConfig config;
    private final Outbox outbox;

    public LoginService(UserRepository users, OrganizationRepository organizations,
            OrganizationService organizationService, PasswordHasher hasher, HashingPool hashing, LoginThrottle throttle,
            LoginCompletion completion, LoginConfig config, Outbox outbox) {
        this.users = users;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.hasher = hasher;
        this.hashing = hashing;
        this.throttle = throttle;
        this.completion = completion;
        this.config = config;
        this.outbox = outbox;
    }

    public Uni<LoginOutcome> login(LoginRequest request, String client, String rememberedSecret) {
        String email = request.email().trim().toLowerCase(Locale.ROOT);
        return candidates(email, request.orgId())
                .chain(candidates -> {
                    List<Candidate> withPassword = candidates.stream()
                            .filter(c -> !c.settings().ssoOnly() && c.user().passwordHash != null).toList();
                    if (withPassword.isEmpty()) {
                        if (!candidates.isEmpty() && candidates.stream().allMatch(c -> c.settings().ssoOnly())) {
                            return Uni.createFrom().failure(new ProblemException(IdentityProblem.SSO_REQUIRED));
                        }
                        return throttle.clientLockedFor(client)
                                .invoke(LoginService::requireNotLocked)
                                .chain(() -> hashing.run(() -> hasher.verify(request.password(), hasher.dummyHash())))
                                .chain(ignored -> throttle.clientFailed(client))
                                .chain(() -> invalidCredentials());
                    }
                    if (withPassword.size() == 1) {
                        return single(withPassword.get(0), request, client, rememberedSecret);
                    }
                    return several(withPassword, request, client, rememberedSecret);
                });
    }

    private Uni<LoginOutcome> single(Candidate candidate, LoginRequest request, String client,
            String rememberedSecret) {
        User user = candidate.user();
        return throttle.accountStanding(user.id, client)
                .invoke(standing -> requireNotLocked(standing.lockedFor()))
                .chain(standing -> hashing.run(() -> hasher.verify(request.password(), user.passwordHash))
                        .chain(matches -> matches
                                ? succeeded(candidate, request, client, rememberedSecret, standing.pairFailures())
                                : failed(candidate, client).chain(() -> invalidCredentials())));
    }

    private Uni<LoginOutcome> several(List<Candidate> candidates, LoginRequest request, String client,
            String rememberedSecret) {
        return Multi.createFrom().iterable(candidates)
                .onItem().transformToUniAndConcatenate(candidate -> throttle.accountStanding(candidate.user().id, client)
                        .chain(standing -> standing.lockedFor().isZero()
                                ? hashing.run(() -> hasher.verify(request.password(), candidate.user().passwordHash))
                                : Uni.createFrom().item(false))
                        .map(matches -> new Checked(candidate, matches)))
                .collect().asList()
                .chain(checked -> {
                    List<Candidate> matching = checked.stream().filter(Checked::matches).map(Checked::candidate).toList();
                    if (matching.isEmpty()) {
                        return Multi.createFrom().iterable(candidates)
                                .onItem().transformToUniAndConcatenate(c -> failed(c, client))
                                .collect().last().chain(() -> invalidCredentials());
                    }
                    if (matching.size() == 1) {
                        return succeeded(matching.get(0), request, client, rememberedSecret, true);
                    }
                    return Uni.createFrom().item(LoginOutcome.of(LoginResult.orgSelection(matching.stream()
                            .map(c -> new LoginResult.OrgChoice(c.org().id, c.org().name)).toList())));
                });
    }

    private Uni<LoginOutcome> succeeded(Candidate candidate, LoginRequest request, String client,
            String rememberedSecret, boolean clearFailures) {
        User user = candidate.user();
        Uni<Void> rehash = hasher.needsRehash(user.passwordHash)
                ? hashing.run(() -> hasher.hash(request.password()))
                        .chain(hash -> Panache.withTransaction(() -> users.update("passwordHash = :hash where id = :id",
                                Parameters.with("hash", hash).and("id", user.id))))
                        .invoke(() -> LOG.infof("password hash of user %s upgraded to the current parameters", user.id))
                        .replaceWithVoid()
                : Uni.createFrom().voidItem();
        Uni<Void> cleared = clearFailures ? throttle.succeeded(user.id, client) : Uni.createFrom().voidItem();
        return cleared
                .chain(() -> rehash)
                .chain(() -> completion.afterPassword(user, candidate.org(), candidate.settings(), request.cookieMode(),
                        rememberedSecret));
    }

    private Uni<Void> failed(Candidate candidate, String client) {
        User user = candidate.user();
        return throttle.accountFailed(user.id, client, candidate.settings().passwordPolicy())
                .chain(lock -> lock == null ? Uni.createFrom().voidItem()
                        : Panache.withTransaction(() -> outbox.append(UserLocked.NAME, user.id.toString(),
                                user.orgId.toString(), new UserLocked(user.id, user.orgId, lock.scope(), lock.until())))
                                .invoke(() -> LOG.infof("user %s locked (%s) until %s", user.id, lock.scope(), lock.until()))
                                .replaceWithVoid());
    }

    private Uni<List<Candidate>> candidates(String email, UUID orgId) {
        return Panache.withSession(() -> users.findActiveByEmail(email, config.maxOrgCandidates())
                .chain(found -> {
                    List<User> inScope = orgId == null ? found
                            : found.stream().filter(u -> u.orgId.equals(orgId)).toList();
                    if (inScope.isEmpty()) {
                        return Uni.createFrom().item(List.<Candidate>of());
                    }
                    List<UUID> orgIds = inScope.stream().map(u -> u.orgId).distinct().toList();
                    return organizations.list("id in :ids", Parameters.with("ids", orgIds)).map(orgs -> {
                        Map<UUID, Organization> byId = orgs.stream()
                                .collect(Collectors.toMap(o -> o.id, Function.identity()));
                        List<Candidate> candidates = new ArrayList<>();
                        for (User user : inScope) {
                            Organization org = byId.get(user.orgId);
                            candidates.add(new Candidate(user, org, organizationService.settingsOf(org)));
                        }
                        return candidates;
                    });
                }));
    }

    private static void requireNotLocked(Duration wait) {
        if (!wait.isZero()) {
            long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
            throw ProblemException.withHeader(IdentityProblem.TOO_MANY_ATTEMPTS, "Retry-After",
                    Long.toString(seconds), seconds);
        }
    }

    private static <T> Uni<T> invalidCredentials() {
        return Uni.createFrom().failure(new ProblemException(IdentityProblem.INVALID_CREDENTIALS));
    }

    private record Candidate(User user, Organization org, OrgSettings settings) {
    }

    private record Checked(Candidate candidate, boolean matches) {
    }
}
