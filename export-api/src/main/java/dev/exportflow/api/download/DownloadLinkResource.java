package dev.exportflow.api.download;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.exportflow.api.problem.Problem;
import dev.exportflow.events.link.LinksConfig;

/**
 * The link in the email: {@code GET /d/{token}}, no bearer token needed. A genuine link answers {@code 302} to a
 * presigned URL that lives a minute; a refused one answers a small page for browsers and problem+json for
 * everything else.
 */
@Path(LinksConfig.PATH)
@PermitAll
public class DownloadLinkResource {

    private final DownloadService downloads;

    public DownloadLinkResource(DownloadService downloads) {
        this.downloads = downloads;
    }

    @GET
    @Path("{token}")
    public Response download(@PathParam("token") String token, @Context HttpHeaders headers) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        try {
            return Response.status(Response.Status.FOUND).location(URI.create(downloads.forLink(token)))
                    .cacheControl(noStore).build();
        } catch (LinkRefusedException refused) {
            Response.ResponseBuilder response = Response.status(refused.status()).cacheControl(noStore);
            if (prefersHtml(headers)) {
                return response.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(LinkPage.render(refused)).build();
            }
            return response.type(Problem.MEDIA_TYPE).entity(new Problem(Problem.TYPE_BASE + refused.slug(), refused.title(),
                    refused.status(), refused.detail(), null, null, null)).build();
        }
    }

    /** Browsers list text/html first; curl and API clients send {@code *}/{@code *} or JSON. */
    static boolean prefersHtml(HttpHeaders headers) {
        for (MediaType type : AcceptHeader.typesOf(headers)) {
            if (type.isWildcardType()) {
                return false;
            }
            if ("html".equals(type.getSubtype()) || "xhtml+xml".equals(type.getSubtype())) {
                return true;
            }
            if (type.getSubtype().endsWith("json")) {
                return false;
            }
        }
        return false;
    }
}
