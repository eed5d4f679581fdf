package dev.exportflow.api.admin;

/** The role, from the bearer token's {@code groups}, that may use {@code /api/admin/**}. */
public final class Operators {

    public static final String ROLE = "operator";
    public static final String TAG = "Operators";

    private Operators() {
    }
}
