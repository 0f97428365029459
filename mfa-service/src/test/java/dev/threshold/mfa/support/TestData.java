package dev.threshold.mfa.support;

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
