package dev.threshold.common.security;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.security.Permission;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A plain identity for unit tests (QuarkusSecurityIdentity is not on common's classpath). */
record TestIdentity(String name, Set<String> roles, Set<Credential> credentials, Map<String, Object> attributes)
        implements SecurityIdentity {

    static TestIdentity of(String name) {
        return new TestIdentity(name, Set.of("admin"), Set.of(), new HashMap<>());
    }

    TestIdentity with(Credential credential) {
        return new TestIdentity(name, roles, Set.of(credential), attributes);
    }

    TestIdentity with(String attribute, Object value) {
        Map<String, Object> copy = new HashMap<>(attributes);
        copy.put(attribute, value);
        return new TestIdentity(name, roles, credentials, copy);
    }

    @Override
    public Principal getPrincipal() {
        return name == null ? null : () -> name;
    }

    @Override
    public boolean isAnonymous() {
        return name == null;
    }

    @Override
    public Set<String> getRoles() {
        return roles;
    }

    @Override
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    @Override
    public Set<Permission> getPermissions() {
        return Set.of();
    }

    @Override
    public <T extends Credential> T getCredential(Class<T> type) {
        return credentials.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    @Override
    public Set<Credential> getCredentials() {
        return credentials;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String attribute) {
        return (T) attributes.get(attribute);
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public Uni<Boolean> checkPermission(Permission permission) {
        return Uni.createFrom().item(false);
    }
}
