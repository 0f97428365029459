package dev.threshold.identity.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Each service's role may touch its own schema only. */
@QuarkusTest
class SchemaIsolationTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void refusesIdentityTablesWhenConnectedAsMfaRole() throws SQLException {
        try (Connection mfa = DriverManager.getConnection(jdbcUrl, "threshold_mfa", "threshold_mfa");
                Statement statement = mfa.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("select * from identity.organization"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void refusesOtherSchemasWhenConnectedAsIdentityRole() throws SQLException {
        try (Connection identity = DriverManager.getConnection(jdbcUrl, "threshold_identity", "threshold_identity");
                Statement statement = identity.createStatement()) {
            for (String schema : new String[] {"mfa", "invitation"}) {
                assertThatThrownBy(() -> statement.execute("create table " + schema + ".intruder (id int)"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }
    }

    @Test
    void keepsEveryIdentityTableInTheIdentitySchema() throws SQLException {
        try (Connection identity = DriverManager.getConnection(jdbcUrl, "threshold_identity", "threshold_identity");
                Statement statement = identity.createStatement();
                var rows = statement.executeQuery("select count(*) from pg_tables where tableowner = 'threshold_identity'"
                        + " and schemaname <> 'identity'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }
}
