package dev.exportflow.events.link;

/** A download-link token that must not be honoured. */
public class InvalidLinkException extends RuntimeException {

    /** Why the token was refused. */
    public enum Reason {
        /** Not signed by a known key, or not a token at all. */
        TAMPERED,
        /** Genuine but past its expiry. */
        EXPIRED
    }

    private final Reason reason;
    private final transient LinkClaims claims;

    public InvalidLinkException(Reason reason) {
        this(reason, null);
    }

    public InvalidLinkException(Reason reason, LinkClaims claims) {
        super(reason == Reason.EXPIRED ? "The download link has expired" : "The download link is not valid");
        this.reason = reason;
        this.claims = claims;
    }

    public Reason reason() {
        return reason;
    }

    /** The claims of an expired but genuine token; null for a tampered one. */
    public LinkClaims claims() {
        return claims;
    }
}
