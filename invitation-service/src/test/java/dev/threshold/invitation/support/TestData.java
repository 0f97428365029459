package dev.threshold.invitation.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

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
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Map<String, Object>> query(String sql, Object... args) {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, args);
                ResultSet rows = statement.executeQuery()) {
            List<Map<String, Object>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... args) {
        return ((Number) query(sql, args).get(0).values().iterator().next()).longValue();
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i] instanceof Instant instant ? Timestamp.from(instant) : args[i];
            statement.setObject(i + 1, arg);
        }
        return statement;
    }

    private static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
