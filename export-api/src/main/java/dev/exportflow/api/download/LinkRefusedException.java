package dev.exportflow.api.download;

/** An emailed link that must not be honoured; answered as HTML or problem+json depending on the client. */
public class LinkRefusedException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final String detail;

    public LinkRefusedException(int status, String slug, String title, String detail) {
        super(title);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
