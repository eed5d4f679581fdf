package dev.exportflow.notifier;

import dev.exportflow.devstack.testing.DevStackTestResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Declares the devstack (real Kafka, PostgreSQL and GreenMail) once for every test of this module: a
 * global test resource, so that Quarkus does not restart between test classes.
 */
@WithTestResource(value = DevStackTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "service", value = "notifier"))
public final class NotifierTestStack {

    private NotifierTestStack() {
    }
}
