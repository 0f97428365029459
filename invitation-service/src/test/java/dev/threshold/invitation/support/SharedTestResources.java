package dev.threshold.invitation.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares the module-wide test resources once; every {@code @QuarkusTest} gets them. */
@QuarkusTestResource(value = InvitationTestResources.class, restrictToAnnotatedClass = false)
public final class SharedTestResources {

    private SharedTestResources() {
    }
}
