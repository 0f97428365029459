package dev.threshold.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After both regions started (and migrated), every table of a region database lives in its
 * service's schema, owned by that service's role, and each role can touch only its own schema.
 */
@Order(4)
@DisplayName("Region databases: schema per service, role per schema")
class RegionDatabasesTest {

    static final Map<String, String> OWNER_OF_SCHEMA = Map.of(
            "identity", "threshold_identity", "mfa", "threshold_mfa", "invitation", "threshold_invitation");

    @ParameterizedTest
    @ValueSource(strings = {"threshold_us_east_1", "threshold_eu_central_1"})
    void keepsEveryTableInItsServicesSchema(String database) throws SQLException {
        List<String> misplaced = new ArrayList<>();
        int tables = 0;
        try (Connection admin = connect(database, "postgres");
                Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("select schemaname, tablename, tableowner from pg_tables"
                        + " where schemaname not in ('pg_catalog', 'information_schema')")) {
            while (rows.next()) {
                tables++;
                String schema = rows.getString(1);
                String owner = rows.getString(3);
                if (!owner.equals(OWNER_OF_SCHEMA.get(schema))) {
                    misplaced.add(schema + "." + rows.getString(2) + " owned by " + owner);
                }
            }
        }
        assertThat(misplaced).as("tables outside their service's schema or owner").isEmpty();
        assertThat(tables).as("migrated tables in %s", database).isGreaterThanOrEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"threshold_us_east_1", "threshold_eu_central_1"})
    void refusesEachRoleTheOtherSchemas(String database) throws SQLException {
        for (Map.Entry<String, String> own : OWNER_OF_SCHEMA.entrySet()) {
            try (Connection connection = connect(database, own.getValue());
                    Statement statement = connection.createStatement()) {
                statement.executeQuery("select count(*) from " + own.getKey() + ".outbox").close();
                for (String other : OWNER_OF_SCHEMA.keySet()) {
                    if (other.equals(own.getKey())) {
                        continue;
                    }
                    assertThatThrownBy(() -> statement.executeQuery("select count(*) from " + other + ".outbox"))
                            .as("%s reading %s.outbox", own.getValue(), other)
                            .isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                }
            }
        }
    }

    static Connection connect(String database, String role) throws SQLException {
        String password = "postgres".equals(role) ? "" : role;
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, role, password);
    }
}
