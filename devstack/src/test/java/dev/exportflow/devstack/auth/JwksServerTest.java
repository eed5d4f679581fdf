package dev.exportflow.devstack.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

class JwksServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRotationPublishesTheNewKeyAndRetiresTheOld() throws Exception {
        try (JwksServer jwks = JwksServer.start(0)) {
            assertThat(keyIds(jwks)).containsExactly("key-1");

            String next = jwks.addKey();
            assertThat(keyIds(jwks)).containsExactly("key-1", next);

            jwks.retire("key-1");
            assertThat(keyIds(jwks)).containsExactly(next);
            assertThat(jwks.requests()).isEqualTo(3);
        }
    }

    @Test
    void aTokenSignedWithAPublishedKeyNamesItAndVerifiesWithIt() throws Exception {
        try (JwksServer jwks = JwksServer.start(0)) {
            String token = new DevTokens(jwks.privateKey("key-1"), "https://issuer.test").builder("ada")
                    .signedWith(jwks.privateKey("key-1"), "key-1").sign();

            JsonWebSignature signature = new JsonWebSignature();
            signature.setCompactSerialization(token);
            JsonWebKey key = new JsonWebKeySet(fetch(jwks)).findJsonWebKey(signature.getKeyIdHeaderValue(), "RSA", "sig",
                    "RS256");
            signature.setKey(key.getKey());
            assertThat(signature.verifySignature()).isTrue();
            assertThat(signature.getPayload()).contains("\"aud\":\"" + DevTokens.AUDIENCE + "\"");
        }
    }

    private java.util.List<String> keyIds(JwksServer jwks) throws Exception {
        return new JsonWebKeySet(fetch(jwks)).getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList();
    }

    private String fetch(JwksServer jwks) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(jwks.url())).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
