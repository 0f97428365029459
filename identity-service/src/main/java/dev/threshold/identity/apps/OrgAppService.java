package dev.threshold.identity.apps;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.apps.api.OrgAppPage;
import dev.threshold.identity.apps.api.OrgAppPatch;
import dev.threshold.identity.apps.api.OrgAppRequest;
import dev.threshold.identity.apps.api.OrgAppResponse;
import dev.threshold.identity.org.Organization;
import dev.threshold.identity.org.OrganizationRepository;
import dev.threshold.identity.problem.IdentityProblem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The organization's apps, the tiles of its splash screen (issue 16, item 8). Admins manage them;
 * each person sees the ones meant for them ({@code visibleTo}). The org row is locked while an app
 * is added so that the limit holds under concurrent calls.
 */
@ApplicationScoped
public class OrgAppService {

    /** At most this many apps per organization (a splash screen, not an app store). */
    public static final int MAX_PER_ORG = 50;
    private static final Logger LOG = Logger.getLogger(OrgAppService.class);

    private final OrgAppRepository apps;
    private final OrganizationRepository organizations;
    private final Clock clock;

    public OrgAppService(OrgAppRepository apps, OrganizationRepository organizations, Clock clock) {
        this.apps = apps;
        this.organizations = organizations;
        this.clock = clock;
    }

    /** Every app of the org, for its admins. */
    public Uni<OrgAppPage> list(UUID orgId) {
        return Panache.withSession(() -> apps.ofOrg(orgId)).map(OrgAppService::page);
    }

    /** The apps a person of the org sees: all of them for admins, else those meant for everyone. */
    public Uni<OrgAppPage> visible(UUID orgId, boolean admin) {
        return Panache.withSession(() -> apps.ofOrg(orgId))
                .map(all -> page(all.stream().filter(app -> app.visibleTo(admin)).toList()));
    }

    public Uni<OrgAppResponse> get(UUID orgId, UUID id) {
        return Panache.withSession(() -> found(orgId, id)).map(OrgAppResponse::of);
    }

    public Uni<OrgAppResponse> create(UUID orgId, String actor, OrgAppRequest request) {
        return Panache.withTransaction(() -> lockOrg(orgId)
                        .chain(org -> apps.ofOrg(orgId))
                        .chain(existing -> {
                            if (existing.size() >= MAX_PER_ORG) {
                                throw new ProblemException(IdentityProblem.ORG_APP_LIMIT, MAX_PER_ORG);
                            }
                            Instant now = clock.instant();
                            OrgApp app = new OrgApp();
                            app.id = UUID.randomUUID();
                            app.orgId = orgId;
                            app.name = request.name().strip();
                            app.url = request.url();
                            app.description = blankToNull(request.description());
                            app.iconUrl = blankToNull(request.iconUrl());
                            app.visibleTo = request.visibleTo() == null ? OrgApp.EVERYONE : request.visibleTo();
                            app.position = request.position() != null ? request.position()
                                    : existing.stream().mapToInt(a -> a.position + 1).max().orElse(0);
                            app.createdAt = now;
                            app.updatedAt = now;
                            return apps.persist(app);
                        }))
                .invoke(app -> LOG.infof("app %s added to org %s by %s", app.id, orgId, actor))
                .map(OrgAppResponse::of);
    }

    public Uni<OrgAppResponse> update(UUID orgId, String actor, UUID id, OrgAppPatch patch) {
        return Panache.withTransaction(() -> found(orgId, id).invoke(app -> {
                    if (patch.name() != null) {
                        app.name = patch.name().strip();
                    }
                    if (patch.url() != null) {
                        app.url = patch.url();
                    }
                    if (patch.description() != null) {
                        app.description = blankToNull(patch.description());
                    }
                    if (patch.iconUrl() != null) {
                        app.iconUrl = blankToNull(patch.iconUrl());
                    }
                    if (patch.visibleTo() != null) {
                        app.visibleTo = patch.visibleTo();
                    }
                    if (patch.position() != null) {
                        app.position = patch.position();
                    }
                    app.updatedAt = clock.instant();
                }).call(apps::flush))
                .invoke(app -> LOG.infof("app %s of org %s changed by %s", id, orgId, actor))
                .map(OrgAppResponse::of);
    }

    public Uni<Void> delete(UUID orgId, String actor, UUID id) {
        return Panache.withTransaction(() -> found(orgId, id).call(apps::delete))
                .invoke(app -> LOG.infof("app %s removed from org %s by %s", id, orgId, actor))
                .replaceWithVoid();
    }

    private Uni<OrgApp> found(UUID orgId, UUID id) {
        return apps.findInOrg(orgId, id)
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.ORG_APP_NOT_FOUND));
    }

    private Uni<Organization> lockOrg(UUID orgId) {
        return organizations.findById(orgId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.ORG_NOT_FOUND));
    }

    private static OrgAppPage page(List<OrgApp> list) {
        List<OrgAppResponse> entities = list.stream().map(OrgAppResponse::of).toList();
        return new OrgAppPage(entities, MAX_PER_ORG, 1, entities.size());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
