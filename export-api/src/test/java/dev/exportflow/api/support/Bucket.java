package dev.exportflow.api.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;

/** The devstack's bucket, as a worker would fill it. */
public final class Bucket {

    private Bucket() {
    }

    public static MinioClient client() {
        var endpoints = Api.stack().endpoints();
        return MinioClient.builder().endpoint(endpoints.s3Url()).credentials(endpoints.s3AccessKey(), endpoints.s3SecretKey())
                .build();
    }

    public static void put(String key, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            client().putObject(PutObjectArgs.builder().bucket(Api.stack().endpoints().bucket()).object(key)
                    .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("text/csv").build());
        } catch (Exception e) {
            throw new IllegalStateException("cannot upload " + key, e);
        }
    }

    public static boolean exists(String key) {
        try {
            client().statObject(StatObjectArgs.builder().bucket(Api.stack().endpoints().bucket()).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET of a (presigned) URL as a browser would do after the redirect. */
    public static HttpResponse<String> fetch(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
