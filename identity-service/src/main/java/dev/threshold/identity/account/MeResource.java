package dev.threshold.identity.account;

import dev.threshold.common.caller.CurrentCaller;
import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.account.api.ChangePasswordRequest;
import dev.threshold.identity.account.api.MeResponse;
import dev.threshold.identity.account.api.OtherSessionsEnded;
import dev.threshold.identity.account.api.UpdateMeRequest;
import dev.threshold.identity.login.ClientAddress;
import dev.threshold.identity.password.api.PasswordCheckRequest;
import dev.threshold.identity.password.api.PasswordCheckResponse;
import dev.threshold.identity.problem.IdentityProblem;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

@Path("/api/v2/users/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "My account")
public class MeResource {

    private final AccountService accounts;
    private final CurrentCaller caller;
    private final ClientAddress clientAddress;

    public MeResource(AccountService accounts, CurrentCaller caller, ClientAddress clientAddress) {
        this.accounts = accounts;
        this.caller = caller;
        this.clientAddress = clientAddress;
    }

    @GET
    @Operation(summary = "Who I am: profile, org, region, roles, MFA state and how I signed in")
    public Uni<MeResponse> me() {
        return accounts.me(caller.get().orgId(), userId(), authMethod());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change my language or name")
    public Uni<MeResponse> update(@Valid @NotNull UpdateMeRequest request) {
        return accounts.update(caller.get().orgId(), userId(), request, authMethod());
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change my password (current password, policy, history); my other sessions end; wrong current passwords count toward the lockout")
    public Uni<Response> changePassword(@Valid @NotNull ChangePasswordRequest request,
            @Context HttpHeaders headers, @Context HttpServerRequest http) {
        return accounts.changePassword(caller.get().orgId(), userId(), caller.get().sessionId(), request,
                        clientAddress.of(http), headers.getAcceptableLanguages())
                .map(ignored -> Response.noContent().build());
    }

    @POST
    @Path("password/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(summary = "Check a new password against my org's policy, without setting it (live checklist)")
    public Uni<PasswordCheckResponse> checkPassword(@Valid @NotNull PasswordCheckRequest request,
            @Context HttpHeaders headers) {
        return accounts.checkPassword(caller.get().orgId(), userId(), request.password(), headers.getAcceptableLanguages())
                .map(PasswordCheckResponse::of);
    }

    @DELETE
    @Path("remembered-devices")
    @Operation(summary = "Forget every browser that skips the MFA step")
    public Uni<Response> forgetRememberedDevices() {
        return accounts.forgetRememberedDevices(caller.get().orgId(), userId())
                .map(ignored -> Response.noContent().build());
    }

    @DELETE
    @Path("sessions")
    @Operation(summary = "Sign out everywhere else: every session of mine but the one calling ends at once")
    public Uni<OtherSessionsEnded> endOtherSessions() {
        return accounts.endOtherSessions(caller.get().orgId(), userId(), caller.get().sessionId())
                .map(OtherSessionsEnded::new);
    }

    /** The person calling; an API client is nobody's "me". */
    private UUID userId() {
        return caller.get().userId().orElseThrow(() -> new ProblemException(IdentityProblem.USER_NOT_FOUND));
    }

    /** How the person signed in, as {@code /users/me} tells it. */
    private String authMethod() {
        return caller.get().signedInWithSso() ? "sso" : "password";
    }
}
