package dev.threshold.identity.account;

import dev.threshold.common.problem.Problem;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.mfa.RememberedDevices;
import dev.threshold.identity.org.OrgSettings;
import dev.threshold.identity.password.HashingPool;
import dev.threshold.identity.password.PasswordHasher;
import dev.threshold.identity.password.PasswordPolicyChecker;
import dev.threshold.identity.password.PasswordProblem;
import dev.threshold.identity.password.PersonalInputs;
import dev.threshold.identity.session.SessionService;
import dev.threshold.identity.user.PasswordHistory;
import dev.threshold.identity.user.PasswordHistoryRepository;
import dev.threshold.identity.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Setting a new password on an existing account, the part a password change (My Account) and a
 * forgotten-password reset share: the org's policy with the person's own words, the history
 * ({@code reused}), then the new hash stored with its history entry, remembered browsers
 * forgotten and sessions ended.
 */
@ApplicationScoped
public class NewPasswords {

    private final PasswordPolicyChecker policy;
    private final PasswordHasher hasher;
    private final HashingPool hashing;
    private final PasswordHistoryRepository history;
    private final RememberedDevices rememberedDevices;
    private final SessionService sessions;
    private final Clock clock;

    public NewPasswords(PasswordPolicyChecker policy, PasswordHasher hasher, HashingPool hashing,
            PasswordHistoryRepository history, RememberedDevices rememberedDevices, SessionService sessions, Clock clock) {
        this.policy = policy;
        this.hasher = hasher;
        this.hashing = hashing;
        this.history = history;
        this.rememberedDevices = rememberedDevices;
        this.sessions = sessions;
        this.clock = clock;
    }

    /**
     * Checks a new password against the policy and the {@code recent} hashes (newest first, as
     * many as the policy's {@code historySize} asks for are compared) and answers its hash; unmet
     * rules are {@code 400 password_policy} with one {@code errors[]} entry each at {@code pointer}.
     * Hashing and the estimator run on the hashing pool, never on the event loop.
     */
    public Uni<String> checkAndHash(OrgSettings.PasswordPolicy rules, PersonalInputs inputs, List<String> recent,
            String password, String pointer, List<Locale> languages) {
        int historySize = rules.historySize();
        List<String> compared = recent.stream().limit(Math.max(historySize, 1)).toList();
        List<Problem.FieldError> unmet = new ArrayList<>();
        return hashing.run(() -> {
                    unmet.addAll(policy.check(rules, password, pointer, languages, inputs));
                    return historySize > 0 && hasher.matchesAny(password, compared);
                })
                .chain(reused -> {
                    if (reused) {
                        unmet.add(policy.reused(pointer, historySize, languages));
                    }
                    if (!unmet.isEmpty()) {
                        throw ProblemException.withErrors(PasswordProblem.POLICY, unmet);
                    }
                    return hashing.run(() -> hasher.hash(password));
                });
    }

    /** The history a new password is compared with: the newest hashes of the person. In the caller's session. */
    public Uni<List<String>> recentHashes(UUID userId) {
        return history.latestHashes(userId, 10_000);
    }

    /**
     * Stores {@code hash} on the (managed) {@code user}, keeps the newest {@code historySize}
     * (at least one) history entries, forgets every remembered browser and ends every session but
     * {@code keepSession} (null: all of them) with {@code reason}. In the caller's transaction;
     * answers how many sessions ended.
     */
    public Uni<Integer> store(User user, OrgSettings settings, String hash, UUID keepSession, String reason) {
        Instant now = clock.instant();
        int keep = Math.max(settings.passwordPolicy().historySize(), 1);
        user.passwordHash = hash;
        user.passwordChangedAt = now;
        user.updatedAt = now;
        return history.persist(PasswordHistory.of(user.id, hash, now))
                .chain(() -> history.flush())
                .chain(() -> history.trim(user.id, keep))
                .chain(() -> rememberedDevices.forgetAll(user.id))
                .chain(() -> sessions.revokeAllOfUser(user.id, keepSession, reason));
    }
}
