package dev.threshold.invitation.support;

import dev.threshold.common.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Direct access to the invitation schema of {@code threshold_test}: seeds the org read model
 * (as org.created would) and reads rows back to check what was (not) written.
 */
public final class TestData {

    public static final String DEFAULT_SETTINGS = "{\"mfaRequired\":false,\"ssoOnly\":false,\"defaultLocale\":\"en\","
            + "\"passwordPolicy\":{\"minLength\":8,\"maxLength\":400,\"requireUppercase\":true,\"requireLowercase\":true,"
            + "\"requireDigit\":true,\"requireSymbol\":true,\"rejectCommonPasswords\":true,\"historySize\":10,"
            + "\"maxFailedAttempts\":6,\"lockoutMinutes\":5},\"invitationTtlDays\":7,\"sessionIdleDays\":20}";

    private TestData() {
    }

    /** A fresh org in the read model, with a unique name. */
    public static Org org() {
        return org(DEFAULT_SETTINGS);
    }

    public static Org org(String settingsJson) {
        UUID id = UUID.randomUUID();
        String name = "org-" + id.toString().substring(0, 8);
        update("insert into invitation.org (id, name, region, settings, event_time, updated_at)"
                + " values (?, ?, 'us-east-1', ?, now(), now())", id, name, settingsJson);
        return new Org(id, name);
    }

    public record Org(UUID id, String name) {

        public String adminToken() {
            return dev.threshold.common.testing.TestTokens.admin(id.toString());
        }

        public String domain() {
            return name + ".test";
        }

        /** A unique address in this org's test domain. */
        public String email(String local) {
            return local + "-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domain();
        }
    }

    public static int update(String sql, Object... args) {
        return TestDatabase.update(sql, args);
    }

    public static List<Map<String, Object>> query(String sql, Object... args) {
        return TestDatabase.query(sql, args);
    }

    public static long count(String sql, Object... args) {
        return TestDatabase.count(sql, args);
    }
}
