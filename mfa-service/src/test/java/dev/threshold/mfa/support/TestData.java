package dev.threshold.mfa.support;

import dev.threshold.common.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Direct access to the mfa schema of {@code threshold_test}: seeds the org read model, reads rows back. */
public final class TestData {

    private TestData() {
    }

    /** A fresh org in the read model, as org.created would leave it. */
    public static UUID org(boolean mfaRequired) {
        UUID id = UUID.randomUUID();
        update("insert into mfa.org (id, region, mfa_required, mfa_remember_days, event_time, updated_at)"
                + " values (?, 'us-east-1', ?, 0, now(), now())", id, mfaRequired);
        return id;
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
