package dev.exportflow.api.security;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A user's tenant and roles as their latest call to the api showed them (table {@code known_access}, V6). */
@Entity
@Table(name = "known_access")
public class KnownAccess extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(nullable = false)
    public String tenant;

    /** Sorted, so that equal sets are equal JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> roles;

    /** When these values were first seen (they are written again only when they change). */
    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
}
