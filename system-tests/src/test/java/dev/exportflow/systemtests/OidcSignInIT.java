package dev.exportflow.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.exportflow.devstack.ServiceConfig.Service;
import dev.exportflow.devstack.process.Ports;
import dev.exportflow.devstack.services.ServiceProcess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Signing in to the web UI as production does: with an OpenID Connect provider (a real Keycloak, the only test that
 * runs one), the authorization-code flow with PKCE, and no token paste. An export-api instance of its own trusts the
 * provider's keys (JWKS), issuer and audience, and tells the UI where to sign in; the shared worker and notifier do
 * the export. Screenshots: {@code system-tests/target/browser/oidc-*}.
 */
@Timeout(420)
class OidcSignInIT extends SystemTest {

    private static Keycloak keycloak;
    private static ServiceProcess oidcApi;
    private static String uiBaseUrl;

    @BeforeAll
    static void startProviderAndApi() {
        // Keycloak has been starting since the run began (SignInProvider); the api starts meanwhile, as it fetches the
        // provider's keys only at the first token
        SignInProvider provider = SignInProvider.begin();
        uiBaseUrl = "http://" + Ports.LOOPBACK + ":" + provider.uiPort();
        String issuer = provider.issuer();
        Map<String, String> config = new LinkedHashMap<>(system.configOf(Service.API));
        config.put("mp.jwt.verify.publickey.location", issuer + "/protocol/openid-connect/certs");
        config.put("mp.jwt.verify.issuer", issuer);
        config.put("mp.jwt.verify.audiences", "exportflow");
        config.put("exportflow.ui.oidc.authority", issuer);
        config.put("exportflow.ui.oidc.client-id", Keycloak.CLIENT_ID);
        config.put("exportflow.ui.token-paste", "false");
        try {
            oidcApi = ServiceProcess.start(Service.API, "export-api-oidc", provider.uiPort(), config, system.logDir(),
                    SystemUnderTest.SERVICE_JVM_OPTIONS);
        } finally {
            keycloak = provider.keycloak();
        }
        assertThat(keycloak.issuer()).isEqualTo(issuer);
    }

    @AfterAll
    static void stopProviderAndApi() {
        try {
            if (oidcApi != null) {
                oidcApi.stop(Duration.ofSeconds(20));
            }
        } finally {
            if (keycloak != null) {
                long pid = keycloak.pid();
                keycloak.close();
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("Keycloak (pid %d) stopped", pid).isFalse();
            }
        }
    }

    @Test
    void aUserSignsInAtTheProviderExportsSeesWhoTheyAreAndSignsOut() {
        try (Browser browser = new Browser("oidc-sign-in", "Europe/Berlin")) {
            WebDriver driver = browser.driver();
            driver.get(uiBaseUrl + "/");
            browser.await("the sign-in button", ignored -> displayed(driver, "oidc-sign-in-button"));
            assertThat(displayed(driver, "token-form")).as("no token paste where a provider signs people in").isFalse();
            assertThat(driver.getTitle()).isEqualTo("Sign in · ExportFlow");
            browser.screenshot("sign-in");

            driver.findElement(By.id("oidc-sign-in-button")).click();

            browser.await("Keycloak's sign-in page", ignored -> driver.getCurrentUrl().startsWith(keycloak.issuer())
                    && displayed(driver, "username"));
            assertThat(driver.getCurrentUrl()).contains("code_challenge_method=S256").contains("code_challenge=")
                    .contains("nonce=").contains("state=").contains("client_id=" + Keycloak.CLIENT_ID);
            browser.screenshot("provider-sign-in");
            driver.findElement(By.id("username")).sendKeys(Keycloak.USER);
            driver.findElement(By.id("password")).sendKeys(Keycloak.PASSWORD);
            driver.findElement(By.id("kc-login")).click();

            ExportFlowPage page = new ExportFlowPage(browser, uiBaseUrl);
            page.awaitSignedIn();
            browser.screenshot("signed-in");
            assertThat(page.signedInAs()).isEqualTo("Signed in as " + Keycloak.NAME + " (" + Keycloak.EMAIL + ")");
            assertThat(driver.getCurrentUrl()).as("the code is gone from the address").isEqualTo(uiBaseUrl + "/");
            assertThat(browser.script("return Object.keys(localStorage).length")).as("nothing in localStorage")
                    .isEqualTo(0L);
            String accessToken = (String) browser.script("return sessionStorage.getItem('exportflow.token')");
            assertThat(accessToken).isNotBlank();

            String id = page.startExport();
            page.awaitStatus(id, "SUCCEEDED");
            browser.screenshot("export-succeeded");
            assertThat(page.cell(id, "Status")).startsWith("Ready");
            assertThat(given().baseUri(uiBaseUrl).auth().oauth2(accessToken).get("/api/exports/" + id)
                    .then().statusCode(200).extract().jsonPath().getString("status"))
                    .as("the provider's access token at the api").isEqualTo("SUCCEEDED");
            assertThat(api.job(accessToken, id).statusCode()).as("an api that trusts only devstack's keys refuses it")
                    .isEqualTo(401);
            assertThat(browser.consoleErrors()).isEmpty();

            driver.findElement(By.id("sign-out")).click();

            browser.await("back from the provider, signed out", ignored -> driver.getCurrentUrl().startsWith(uiBaseUrl)
                    && "You have signed out.".equals(driver.findElement(By.id("auth-status")).getText()));
            browser.screenshot("signed-out");
            assertThat(displayed(driver, "oidc-sign-in-button")).isTrue();
            assertThat(displayed(driver, "account")).isFalse();
            assertThat(browser.script("return sessionStorage.getItem('exportflow.token')")).isNull();

            driver.findElement(By.id("oidc-sign-in-button")).click();

            browser.await("the provider asks for the password again: its session ended too",
                    ignored -> driver.getCurrentUrl().startsWith(keycloak.issuer()) && displayed(driver, "password"));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void anExpiredOrRefusedTokenSendsThePersonBackToSignIn() {
        try (Browser browser = new Browser("oidc-expired", "Europe/Berlin")) {
            WebDriver driver = browser.driver();
            driver.get(uiBaseUrl + "/");
            browser.await("the sign-in button", ignored -> displayed(driver, "oidc-sign-in-button"));
            long now = System.currentTimeMillis() / 1000;

            browser.script("sessionStorage.setItem('exportflow.token', arguments[0])", unsignedToken(now - 60));
            driver.navigate().refresh();

            browser.await("the page says the sign-in expired", ignored -> displayed(driver, "auth-problem"));
            browser.screenshot("expired");
            assertThat(driver.findElement(By.id("auth-problem-message")).getText()).isEqualTo("Your sign-in has expired.");
            assertThat(driver.findElement(By.id("auth-problem-advice")).getText())
                    .isEqualTo("Press Sign in to go on where you were.");
            assertThat(browser.script("return sessionStorage.getItem('exportflow.token')")).isNull();

            // not expired, but not the provider's: the api answers 401, and the page goes back to signing in
            browser.script("sessionStorage.setItem('exportflow.token', arguments[0])", unsignedToken(now + 3600));
            driver.navigate().refresh();

            browser.await("the page says the sign-in expired", ignored -> displayed(driver, "auth-problem")
                    && displayed(driver, "oidc-sign-in-button"));
            assertThat(driver.findElement(By.id("auth-problem-message")).getText()).isEqualTo("Your sign-in has expired.");
            assertThat(displayed(driver, "account")).isFalse();
            assertThat(browser.script("return sessionStorage.getItem('exportflow.token')")).isNull();
        }
    }

    @Test
    void aProviderThatCannotBeReachedIsSaidSoWithWhatToDo() {
        try (Browser browser = new Browser("oidc-unreachable", "Europe/Berlin")) {
            WebDriver driver = browser.driver();
            driver.get(uiBaseUrl + "/");
            browser.await("the sign-in button", ignored -> displayed(driver, "oidc-sign-in-button"));
            browser.blockRequests(keycloak.issuer() + "/*");

            driver.findElement(By.id("oidc-sign-in-button")).click();

            browser.await("the problem", ignored -> displayed(driver, "auth-problem"));
            browser.screenshot("provider-unreachable");
            assertThat(driver.findElement(By.id("auth-problem-message")).getText())
                    .isEqualTo("The sign-in service (" + keycloak.issuer() + ") cannot be reached.");
            assertThat(driver.findElement(By.id("auth-problem-advice")).getText())
                    .startsWith("Check your connection and press Sign in again.");
            assertThat(driver.getCurrentUrl()).as("still on the page").isEqualTo(uiBaseUrl + "/");
            assertThat(driver.findElement(By.id("oidc-sign-in-button")).isEnabled()).isTrue();
            assertThat(browser.consoleErrors()).as("only the blocked discovery request")
                    .allMatch(message -> message.contains("/.well-known/openid-configuration"));
        }
    }

    @Test
    void anAnswerThatBelongsToNoSignInOfThisPageIsRefusedAndSaysWhatToDo() {
        try (Browser browser = new Browser("oidc-errors", "Europe/Berlin")) {
            WebDriver driver = browser.driver();

            driver.get(uiBaseUrl + "/?code=stolen-code&state=forged-state");

            browser.await("the problem", ignored -> displayed(driver, "auth-problem"));
            browser.screenshot("state-mismatch");
            assertThat(driver.findElement(By.id("auth-problem-message")).getText())
                    .startsWith("This sign-in answer does not belong to a sign-in started on this page");
            assertThat(driver.findElement(By.id("auth-problem-advice")).getText()).isEqualTo("Press Sign in to start again.");
            assertThat(displayed(driver, "oidc-sign-in-button")).isTrue();
            assertThat(driver.getCurrentUrl()).as("the code is gone from the address").isEqualTo(uiBaseUrl + "/");

            driver.get(uiBaseUrl + "/?error=access_denied&error_description=User+denied+access&state=any");

            browser.await("the provider's refusal", ignored -> displayed(driver, "auth-problem"));
            browser.screenshot("provider-refused");
            assertThat(driver.findElement(By.id("auth-problem-message")).getText())
                    .isEqualTo("The sign-in service did not sign you in: User denied access.");
            assertThat(driver.findElement(By.id("auth-problem-advice")).getText()).startsWith("Press Sign in to try again.");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** A JWT shaped like the provider's, expiring at {@code exp}, with no valid signature. */
    private static String unsignedToken(long exp) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"sub\":\"ada\",\"email\":\"" + Keycloak.EMAIL + "\",\"groups\":[\"exporter\"],\"exp\":" + exp
                + "}";
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static boolean displayed(WebDriver driver, String id) {
        return driver.findElements(By.id(id)).stream().anyMatch(element -> element.isDisplayed());
    }
}
