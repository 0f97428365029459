package dev.threshold.identity.sso.saml;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import dev.threshold.identity.sso.IdentityProvider;
import dev.threshold.identity.sso.SsoConfig;
import dev.threshold.identity.sso.api.IdentityProviderPatch;
import dev.threshold.identity.sso.api.IdentityProviderRequest;
import dev.threshold.identity.sso.api.IdentityProviderResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The admin side of SAML providers: what an IdP is (from its metadata XML, its metadata URL fetched
 * through the SSRF guard, or entity id + SSO URL + certificates), our SP key for it, and how an admin
 * sees it (certificate expiry, our addresses).
 */
@ApplicationScoped
public class SamlProviders {

    /** {@code certificateWarning} starts this long before the last IdP certificate ends. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    /** An IdP as registered: the descriptor, and the metadata URL it came from (or null). */
    public record Resolved(IdpMetadata.Descriptor descriptor, String metadataUrl) {
    }

    private final MetadataFetcher fetcher;
    private final SamlProviderRepository repository;
    private final SpKeys keys;
    private final SamlUrls urls;
    private final SsoConfig config;
    private final Clock clock;

    public SamlProviders(MetadataFetcher fetcher, SamlProviderRepository repository, SpKeys keys, SamlUrls urls,
            SsoConfig config, Clock clock) {
        this.fetcher = fetcher;
        this.repository = repository;
        this.keys = keys;
        this.urls = urls;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Resolved> resolve(IdentityProviderRequest request) {
        return resolve(request.metadataXml(), request.metadataUrl(), request.entityId(), request.ssoUrl(),
                request.certificates());
    }

    /** A patch's new metadata (XML, or URL fetched through the guard), or null when it brings none. */
    public Uni<Resolved> resolveDocument(IdentityProviderPatch patch) {
        if (patch.metadataXml() == null && patch.metadataUrl() == null) {
            return Uni.createFrom().nullItem();
        }
        return resolve(patch.metadataXml(), patch.metadataUrl(), null, null, null);
    }

    /** A patch's single fields (entity id, SSO URL, certificates) over the stored ones, or null when it has none. */
    public Resolved merge(IdentityProvider idp, SamlProvider saml, IdentityProviderPatch patch) {
        if (patch.entityId() == null && patch.ssoUrl() == null && patch.certificates() == null) {
            return null;
        }
        List<X509Certificate> certificates = saml.certificates();
        if (patch.certificates() != null) {
            certificates = new ArrayList<>();
            for (String certificate : patch.certificates()) {
                try {
                    X509Certificate one = Certificates.parse(certificate);
                    if (!certificates.contains(one)) {
                        certificates.add(one);
                    }
                } catch (Certificates.Invalid e) {
                    throw new ProblemException(IdentityProblem.IDP_CERTIFICATE_INVALID);
                }
            }
        }
        return new Resolved(checked(new IdpMetadata.Descriptor(
                patch.entityId() == null ? idp.issuer : patch.entityId().trim(),
                patch.ssoUrl() == null ? saml.ssoUrl : patch.ssoUrl().trim(),
                patch.ssoUrl() == null ? saml.sloUrl : null, List.copyOf(certificates))), saml.metadataUrl);
    }

    /** The settings of a patch that are not the IdP's description. */
    public void applySettings(SamlProvider saml, IdentityProviderPatch patch) {
        if (patch.allowIdpInitiated() != null) {
            saml.allowIdpInitiated = patch.allowIdpInitiated();
        }
    }

    private Uni<Resolved> resolve(String xml, String url, String entityId, String ssoUrl, List<String> certificates) {
        if (xml != null && !xml.isBlank()) {
            return Uni.createFrom().item(() -> new Resolved(parse(xml), null));
        }
        if (url != null && !url.isBlank()) {
            String trimmed = url.trim();
            return fetcher.fetch(trimmed).map(fetched -> new Resolved(parse(fetched), trimmed));
        }
        return Uni.createFrom().item(() -> {
            if (entityId == null || entityId.isBlank() || ssoUrl == null || certificates == null || certificates.isEmpty()) {
                throw new ProblemException(IdentityProblem.IDP_METADATA_INVALID, "entityId, ssoUrl and certificates together");
            }
            List<X509Certificate> parsed = new ArrayList<>();
            for (String certificate : certificates) {
                try {
                    X509Certificate one = Certificates.parse(certificate);
                    if (!parsed.contains(one)) {
                        parsed.add(one);
                    }
                } catch (Certificates.Invalid e) {
                    throw new ProblemException(IdentityProblem.IDP_CERTIFICATE_INVALID);
                }
            }
            return new Resolved(checked(new IdpMetadata.Descriptor(entityId.trim(), ssoUrl.trim(), null,
                    List.copyOf(parsed))), null);
        });
    }

    private IdpMetadata.Descriptor parse(String xml) {
        try {
            return checked(IdpMetadata.parse(xml));
        } catch (IdpMetadata.Unusable e) {
            throw new ProblemException(IdentityProblem.IDP_METADATA_INVALID, e.getMessage());
        }
    }

    /** The browser is sent to the SSO URL: http(s) only, https unless private issuers are allowed. */
    private IdpMetadata.Descriptor checked(IdpMetadata.Descriptor descriptor) {
        if (descriptor.entityId().length() > 1000) {
            throw new ProblemException(IdentityProblem.IDP_METADATA_INVALID, "entity id longer than 1000 characters");
        }
        requireWebUrl(descriptor.ssoUrl(), "SingleSignOnService");
        if (descriptor.sloUrl() != null) {
            requireWebUrl(descriptor.sloUrl(), "SingleLogoutService");
        }
        return descriptor;
    }

    private void requireWebUrl(String url, String what) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http") && config.allowPrivateIssuers()) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawFragment() == null && url.length() <= 2000) {
                return;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new ProblemException(IdentityProblem.IDP_METADATA_INVALID, what + " is not an https URL");
    }

    /** A new provider's SAML row with a fresh SP key (RSA key generation runs off the event loop). */
    public Uni<SamlProvider> create(UUID idpId, Resolved resolved, boolean allowIdpInitiated) {
        return blocking(() -> {
            SamlProvider saml = new SamlProvider();
            saml.idpId = idpId;
            apply(saml, resolved);
            saml.allowIdpInitiated = allowIdpInitiated;
            keys.generate(saml);
            return saml;
        });
    }

    public void apply(SamlProvider saml, Resolved resolved) {
        saml.ssoUrl = resolved.descriptor().ssoUrl();
        saml.sloUrl = resolved.descriptor().sloUrl();
        saml.metadataUrl = resolved.metadataUrl();
        saml.certificates(resolved.descriptor().certificates());
    }

    public Uni<SamlProvider> find(UUID idpId) {
        return repository.findById(idpId);
    }

    public Uni<Void> persist(SamlProvider saml) {
        return repository.persist(saml).replaceWithVoid();
    }

    public Uni<Map<UUID, SamlProvider>> of(Collection<IdentityProvider> providers) {
        List<UUID> ids = providers.stream().filter(idp -> IdentityProvider.SAML.equals(idp.type)).map(idp -> idp.id)
                .toList();
        return repository.findAll(ids).map(all -> all.stream().collect(Collectors.toMap(s -> s.idpId, Function.identity())));
    }

    /** Read on the request's thread (the base URL may come from the request). */
    public String base() {
        return urls.base();
    }

    /** How the org's admin sees the SAML side of a provider. */
    public IdentityProviderResponse.Saml view(IdentityProvider idp, SamlProvider saml, String base) {
        if (saml == null) {
            return null;
        }
        Instant now = clock.instant();
        List<IdentityProviderResponse.Certificate> certificates = new ArrayList<>();
        Instant last = null;
        for (X509Certificate certificate : saml.certificates()) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            certificates.add(new IdentityProviderResponse.Certificate(certificate.getSubjectX500Principal().getName(),
                    certificate.getNotBefore().toInstant(), notAfter, Certificates.fingerprint(certificate),
                    !notAfter.isAfter(now)));
            last = last == null || notAfter.isAfter(last) ? notAfter : last;
        }
        String warning = last == null || !last.isAfter(now) ? IdentityProviderResponse.CERTIFICATES_EXPIRED
                : last.isBefore(now.plus(EXPIRY_WARNING)) ? IdentityProviderResponse.CERTIFICATES_EXPIRING : null;
        SamlUrls.Sp sp = urls.sp(base, idp.id);
        return new IdentityProviderResponse.Saml(idp.issuer, saml.ssoUrl, saml.sloUrl, saml.metadataUrl,
                saml.allowIdpInitiated, List.copyOf(certificates), warning,
                new IdentityProviderResponse.ServiceProvider(sp.entityId(), sp.acsUrl(), sp.metadataUrl(),
                        saml.spCertificate().getNotAfter().toInstant()));
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work::get, false).toCompletionStage());
    }
}
