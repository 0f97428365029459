package dev.threshold.identity.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threshold.common.events.Outbox;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.common.region.RegionConfig;
import dev.threshold.identity.org.api.CreateOrganizationRequest;
import dev.threshold.identity.org.api.OrganizationResponse;
import dev.threshold.identity.org.api.UpdateOrganizationRequest;
import dev.threshold.identity.org.events.OrgUpdated;
import dev.threshold.identity.org.events.OrgCreated;
import dev.threshold.identity.problem.IdentityProblem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

@ApplicationScoped
public class OrganizationService {

    private static final Logger LOG = Logger.getLogger(OrganizationService.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final OrganizationRepository organizations;
    private final Outbox outbox;
    private final RegionConfig region;
    private final ObjectMapper mapper;
    private final IdentityProviderCount identityProviders;

    public OrganizationService(OrganizationRepository organizations, Outbox outbox, RegionConfig region,
            ObjectMapper mapper, IdentityProviderCount identityProviders) {
        this.organizations = organizations;
        this.outbox = outbox;
        this.region = region;
        this.mapper = mapper;
        this.identityProviders = identityProviders;
    }

    /** Creates the organization in this region and, in the same transaction, {@code org.created}. */
    public Uni<OrganizationResponse> create(CreateOrganizationRequest request) {
        String name = request.name().trim().toLowerCase(Locale.ROOT);
        String locale = request.locale() == null ? "en" : request.locale();
        Instant now = Instant.now();
        Organization org = new Organization();
        org.id = UUID.randomUUID();
        org.name = name;
        org.region = region.region();
        OrgSettings settings = OrgSettings.defaults(locale);
        org.settingsJson = write(settings);
        org.createdAt = now;
        org.updatedAt = now;
        OrgCreated event = new OrgCreated(org.id, name, org.region, settings,
                new OrgCreated.FirstAdmin(request.adminEmail().trim(), request.adminName().trim(), locale));
        return persist(org, event)
                .onFailure(OrganizationService::isUniqueViolation)
                .transform(failure -> new ProblemException(IdentityProblem.ORG_NAME_TAKEN, name))
                .invoke(created -> LOG.infof("Organization %s (%s) created in %s", created.name, created.id, created.region))
                .map(created -> toResponse(created, settings));
    }

    private Uni<Organization> persist(Organization org, OrgCreated event) {
        return Panache.withTransaction(() -> organizations.findByName(org.name)
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(new ProblemException(IdentityProblem.ORG_NAME_TAKEN, org.name));
                    }
                    return organizations.persist(org)
                            .call(() -> outbox.append(OrgCreated.NAME, org.id.toString(), org.id.toString(), event));
                }));
    }

    public Uni<OrganizationResponse> get(UUID orgId) {
        return Panache.withSession(() -> organizations.findById(orgId))
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.ORG_NOT_FOUND))
                .map(org -> toResponse(org, settingsOf(org)));
    }

    /**
     * Applies the patch; emits {@code org.updated} only when a setting actually changed. The org row
     * is locked: removing an identity provider takes the same lock, so "SSO-only has at least one
     * provider" holds under concurrent calls.
     */
    public Uni<OrganizationResponse> update(UUID orgId, UpdateOrganizationRequest request) {
        return Panache.withTransaction(() -> organizations.findById(orgId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> new ProblemException(IdentityProblem.ORG_NOT_FOUND))
                .chain(org -> {
                    OrgSettings current = settingsOf(org);
                    OrgSettings next = SettingsMerge.apply(current, request.settings());
                    if (next.ssoOnly() && !current.ssoOnly()) {
                        return identityProviders.countByOrg(orgId).chain(count -> {
                            if (count == 0) {
                                throw new ProblemException(IdentityProblem.SSO_REQUIRES_IDENTITY_PROVIDER);
                            }
                            return apply(org, current, next);
                        });
                    }
                    return apply(org, current, next);
                }));
    }

    private Uni<OrganizationResponse> apply(Organization org, OrgSettings current, OrgSettings next) {
        if (next.equals(current)) {
            return Uni.createFrom().item(toResponse(org, current));
        }
        org.settingsJson = write(next);
        org.updatedAt = Instant.now();
        return outbox.append(OrgUpdated.NAME, org.id.toString(), org.id.toString(),
                        new OrgUpdated(org.id, org.name, org.region, next))
                .replaceWith(toResponse(org, next));
    }

    public OrgSettings settingsOf(Organization org) {
        try {
            return mapper.readValue(org.settingsJson, OrgSettings.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OrganizationResponse toResponse(Organization org, OrgSettings settings) {
        return new OrganizationResponse(org.id, org.name, org.region, settings, org.createdAt);
    }

    private String write(OrgSettings settings) {
        try {
            return mapper.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
