package dev.exportflow.api.dataset;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;

import dev.exportflow.api.support.Api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.junit.jupiter.api.Test;

@QuarkusTest
class DatasetsTest {

    @Test
    void anExporterSeesTheDatasetsOfItsRolesWithTheirRequestParameters() {
        RestAssured.given().auth().oauth2(Api.token(Api.newUser("cy"), List.of("exporter"))).get("/api/datasets").then()
                .statusCode(200)
                .body("name", contains("orders"))
                .body("[0].title", equalTo("Orders"))
                .body("[0].formats", contains("csv", "xlsx", "jsonl"))
                .body("[0].parameters.name", containsInAnyOrder("from_date", "to_date", "status", "min_total"))
                .body("[0].parameters.name", not(hasItem("tenant_id")))
                .body("[0].parameters.find { it.name == 'status' }.allowed", contains("NEW", "PAID", "SHIPPED", "CANCELLED"))
                .body("[0].parameters.find { it.name == 'min_total' }.type", equalTo("decimal"))
                .body("[0].parameters.find { it.name == 'min_total' }.min", equalTo("0"))
                .body("[0].parameters.find { it.name == 'from_date' }.required", equalTo(false));
    }

    @Test
    void anAdministratorAlsoSeesCustomers() {
        RestAssured.given().auth().oauth2(Api.token(Api.newUser("di"), List.of("exporter", "admin"))).get("/api/datasets")
                .then().statusCode(200).body("name", contains("customers", "orders"));
    }

    @Test
    void withoutATokenThereIsNoCatalog() {
        RestAssured.given().get("/api/datasets").then().statusCode(401).contentType("application/problem+json");
    }
}
