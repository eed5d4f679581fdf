package dev.exportflow.devstack.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * An identity provider's key set endpoint ({@code /jwks}, RFC 7517) whose keys can be rotated, for tests of services
 * that fetch their verification keys by URL: add a key, sign with it, retire the old one.
 */
public final class JwksServer implements AutoCloseable {

    public static final String PATH = "/jwks";

    private final HttpServer server;
    private final Map<String, KeyPair> keys = new LinkedHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private int nextKey = 1;

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    /** Serves a key set with one key on 127.0.0.1:{@code port} (0: any free port). */
    public static JwksServer start(int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
            JwksServer jwks = new JwksServer(http);
            jwks.addKey();
            http.createContext(PATH, jwks::serve);
            http.start();
            return jwks;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serve a key set on port " + port, e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Publishes one more key and returns its key id ({@code kid}); tokens signed with it verify from now on. */
    public synchronized String addKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String keyId = "key-" + nextKey++;
            keys.put(keyId, generator.generateKeyPair());
            return keyId;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available in this JVM", e);
        }
    }

    /** Stops publishing a key: tokens signed with it no longer verify once a service fetched the set again. */
    public synchronized void retire(String keyId) {
        keys.remove(keyId);
    }

    public synchronized PrivateKey privateKey(String keyId) {
        return keys.get(keyId).getPrivate();
    }

    /** How often the set was fetched: shows that a service looked again after a rotation. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body = json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private synchronized String json() {
        List<JsonWebKey> published = new ArrayList<>();
        try {
            for (Map.Entry<String, KeyPair> key : keys.entrySet()) {
                RsaJsonWebKey jwk = (RsaJsonWebKey) JsonWebKey.Factory.newJwk(key.getValue().getPublic());
                jwk.setKeyId(key.getKey());
                jwk.setAlgorithm("RS256");
                jwk.setUse("sig");
                published.add(jwk);
            }
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException("Cannot describe a public key as a JWK", e);
        }
        return new JsonWebKeySet(published).toJson();
    }
}
