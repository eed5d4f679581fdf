package dev.exportflow.api.security;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of this request, checked once ({@link Caller#of}) and recorded in the {@link KnownAccessLog}, so that
 * the emailed links of their exports are re-checked against what their latest call showed.
 */
@RequestScoped
public class CurrentCaller {

    private final JsonWebToken token;
    private final KnownAccessLog knownAccess;
    private Caller caller;

    public CurrentCaller(JsonWebToken token, KnownAccessLog knownAccess) {
        this.token = token;
        this.knownAccess = knownAccess;
    }

    /** @throws dev.exportflow.api.problem.ProblemException 401 naming a required claim the token lacks */
    public Caller get() {
        if (caller == null) {
            Caller checked = Caller.of(token);
            knownAccess.record(checked);
            caller = checked;
        }
        return caller;
    }
}
