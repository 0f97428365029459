package dev.threshold.common.startup;

import dev.threshold.common.db.DatabaseConfig;
import dev.threshold.common.events.EventsConfig;
import dev.threshold.common.region.RegionConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** One line at start-up telling an operator which region, database and broker this instance serves. */
@Singleton
public class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    void report(@Observes StartupEvent startup, RegionConfig region, DatabaseConfig database, EventsConfig events) {
        LOG.infof("%s serving region %s: database %s@%s:%d schema %s, broker %s:%d vhost %s", region.service(),
                region.region(), database.name(), database.host(), database.port(), events.schema(),
                events.broker().host(), events.broker().port(), events.broker().virtualHost());
    }
}
