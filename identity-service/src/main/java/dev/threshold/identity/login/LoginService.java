package dev.threshold.identity.login;

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
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Password login. An unknown email and a wrong password look the same: status, body, the lockout
 * sequence (the same counters and writes, see {@link LoginThrottle}) and, through a dummy hash,
 * time. Every attempt is reserved on its counters before any hashing. An email in several orgs of
 * the region is checked against each; only the orgs whose password matched are offered for
 * selection, so the answer reveals nothing to a guesser.
 */
@ApplicationScoped
public class LoginService {

    private static final Logger LOG = Logger.getLogger(LoginService.class);
    private static final UUID NO_ORG = new UUID(0, 0);

    private final UserRepository users;
    private final OrganizationRepository organizations;
    private final OrganizationService organizationService;
    private final PasswordHasher hasher;
    private final HashingPool hashing;
    private final LoginThrottle throttle;
    private final LoginCompletion completion;
    private final LoginConfig config;

    public LoginService(UserRepository users, OrganizationRepository organizations,
            OrganizationService organizationService, PasswordHasher hasher, HashingPool hashing, LoginThrottle throttle,
            LoginCompletion completion, LoginConfig config) {
        this.users = users;
        this.organizations = organizations;
        this.organizationService = organizationService;
        this.hasher = hasher;
        this.hashing = hashing;
        this.throttle = throttle;
        this.completion = completion;
        this.config = config;
    }

    public Uni<LoginOutcome> login(LoginRequest request, String client, String rememberedSecret) {
        String email = request.email().trim().toLowerCase(Locale.ROOT);
        return candidates(email, request.orgId())
                .chain(candidates -> {
                    List<Candidate> withPassword = candidates.stream()
                            .filter(c -> !c.settings().ssoOnly() && c.user().passwordHash != null).toList();
                    if (withPassword.isEmpty() && !candidates.isEmpty()
                            && candidates.stream().allMatch(c -> c.settings().ssoOnly())) {
                        return Uni.createFrom().failure(new ProblemException(IdentityProblem.SSO_REQUIRED));
                    }
                    // no password to check (unknown email, or a person without one): the same counters,
                    // writes and hashing as a wrong password, under a keyed hash of the email
                    List<Attempt> attempts = withPassword.isEmpty()
                            ? List.of(new Attempt(null, throttle.unknown(email, client)))
                            : withPassword.stream().map(c -> new Attempt(c, throttle.pair(c.user().id, c.user().orgId,
                                    client, c.settings().passwordPolicy()))).toList();
                    return attempt(attempts, throttle.client(client), request, rememberedSecret);
                });
    }

    /**
     * Reserves the attempt on the client's counter and each account's (account, client) counter,
     * then checks the password against the accounts whose counter allowed it, and only those.
     */
    private Uni<LoginOutcome> attempt(List<Attempt> attempts, LoginThrottle.Counter clientCounter, LoginRequest request,
            String rememberedSecret) {
        List<LoginThrottle.Counter> counters = new ArrayList<>();
        counters.add(clientCounter);
        attempts.forEach(a -> counters.add(a.counter()));
        return throttle.reserve(counters).chain(reservation -> {
            reservation.requireAllowed(List.of(clientCounter));
            List<Attempt> allowed = attempts.stream().filter(a -> reservation.allows(a.counter())).toList();
            if (allowed.isEmpty()) {
                Duration wait = attempts.stream().map(a -> reservation.wait(a.counter()))
                        .min(Comparator.naturalOrder()).orElseThrow();
                throw LoginThrottle.tooManyAttempts(wait);
            }
            return Multi.createFrom().iterable(allowed)
                    .onItem().transformToUniAndConcatenate(a -> hashing.run(() -> hasher.verify(request.password(),
                                    a.candidate() == null ? hasher.dummyHash() : a.candidate().user().passwordHash))
                            .map(matches -> new Checked(a, matches)))
                    .collect().asList()
                    .onFailure().call(() -> throttle.release(counters))
                    .chain(checked -> {
                        List<Attempt> matching = checked.stream().filter(Checked::matches).map(Checked::attempt)
                                .toList();
                        if (matching.isEmpty()) {
                            List<LoginThrottle.Counter> failed = new ArrayList<>();
                            failed.add(clientCounter);
                            allowed.forEach(a -> failed.add(a.counter()));
                            return throttle.failed(failed).chain(() -> invalidCredentials());
                        }
                        List<LoginThrottle.Counter> released = new ArrayList<>();
                        released.add(clientCounter);
                        allowed.stream().filter(a -> !matching.contains(a)).forEach(a -> released.add(a.counter()));
                        Uni<Void> cleared = throttle.succeeded(matching.stream().map(Attempt::counter).toList(),
                                released);
                        if (matching.size() == 1) {
                            return cleared.chain(() -> succeeded(matching.get(0).candidate(), request, rememberedSecret));
                        }
                        return cleared.replaceWith(LoginOutcome.of(LoginResult.orgSelection(matching.stream()
                                .map(a -> new LoginResult.OrgChoice(a.candidate().org().id, a.candidate().org().name))
                                .toList())));
                    });
        });
    }

    private Uni<LoginOutcome> succeeded(Candidate candidate, LoginRequest request, String rememberedSecret) {
        User user = candidate.user();
        Uni<Void> rehash = hasher.needsRehash(user.passwordHash)
                ? hashing.run(() -> hasher.hash(request.password()))
                        .chain(hash -> Panache.withTransaction(() -> users.updatePasswordHash(user.id, hash)))
                        .invoke(() -> LOG.infof("password hash of user %s upgraded to the current parameters", user.id))
                        .replaceWithVoid()
                : Uni.createFrom().voidItem();
        return rehash.chain(() -> completion.afterPassword(user, candidate.org(), candidate.settings(),
                request.cookieMode(), rememberedSecret));
    }

    private Uni<List<Candidate>> candidates(String email, UUID orgId) {
        return Panache.withSession(() -> users.findActiveByEmail(email, config.maxOrgCandidates())
                .chain(found -> {
                    List<User> inScope = orgId == null ? found
                            : found.stream().filter(u -> u.orgId.equals(orgId)).toList();
                    // no one: the same organization read (of an id that matches nothing), so an unknown
                    // email costs what a known one costs
                    List<UUID> orgIds = inScope.isEmpty() ? List.of(NO_ORG)
                            : inScope.stream().map(u -> u.orgId).distinct().toList();
                    return organizations.listByIds(orgIds).map(orgs -> {
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

    private static <T> Uni<T> invalidCredentials() {
        return Uni.createFrom().failure(new ProblemException(IdentityProblem.INVALID_CREDENTIALS));
    }

    private record Candidate(User user, Organization org, OrgSettings settings) {
    }

    /** A password check: against a candidate's hash, or the dummy hash ({@code candidate} null). */
    private record Attempt(Candidate candidate, LoginThrottle.Counter counter) {
    }

    private record Checked(Attempt attempt, boolean matches) {
    }
}
