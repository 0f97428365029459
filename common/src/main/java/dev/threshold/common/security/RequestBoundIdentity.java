package dev.threshold.common.security;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.security.Permission;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A verified identity as one request sees it: everything from {@code delegate} except one
 * attribute (the request's {@code RoutingContext}), which a cached identity must not carry over
 * from the request that verified it. {@link #withoutAttribute} stores it without that attribute.
 */
final class RequestBoundIdentity implements SecurityIdentity {

    private final SecurityIdentity delegate;
    private final String attribute;
    private final Object value;

    RequestBoundIdentity(SecurityIdentity delegate, String attribute, Object value) {
        this.delegate = delegate instanceof RequestBoundIdentity bound && bound.attribute.equals(attribute)
                ? bound.delegate : delegate;
        this.attribute = attribute;
        this.value = value;
    }

    static SecurityIdentity withoutAttribute(SecurityIdentity identity, String attribute) {
        return identity.getAttribute(attribute) == null ? identity : new RequestBoundIdentity(identity, attribute, null);
    }

    @Override
    public Principal getPrincipal() {
        return delegate.getPrincipal();
    }

    @Override
    public boolean isAnonymous() {
        return delegate.isAnonymous();
    }

    @Override
    public Set<String> getRoles() {
        return delegate.getRoles();
    }

    @Override
    public boolean hasRole(String role) {
        return delegate.hasRole(role);
    }

    @Override
    public Set<Permission> getPermissions() {
        return delegate.getPermissions();
    }

    @Override
    public <T extends Credential> T getCredential(Class<T> type) {
        return delegate.getCredential(type);
    }

    @Override
    public Set<Credential> getCredentials() {
        return delegate.getCredentials();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String name) {
        return attribute.equals(name) ? (T) value : delegate.getAttribute(name);
    }

    @Override
    public Map<String, Object> getAttributes() {
        Map<String, Object> attributes = new HashMap<>(delegate.getAttributes());
        if (value == null) {
            attributes.remove(attribute);
        } else {
            attributes.put(attribute, value);
        }
        return attributes;
    }

    @Override
    public Uni<Boolean> checkPermission(Permission permission) {
        return delegate.checkPermission(permission);
    }

    @Override
    public boolean checkPermissionBlocking(Permission permission) {
        return delegate.checkPermissionBlocking(permission);
    }
}
