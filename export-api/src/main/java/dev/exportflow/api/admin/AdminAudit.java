package dev.exportflow.api.admin;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One action of an operator on a job (table {@code admin_audit}, V8). Never an API body: see {@link AuditEntry}. */
@Entity
@Table(name = "admin_audit")
public class AdminAudit extends PanacheEntityBase {

    /** What an operator did. */
    public enum Action {
        RETRY,
        CANCEL,
        RESEND
    }

    /** Grows with every row: the listing's order and its cursor. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Instant at;

    /** The operator's {@code sub}. */
    @Column(nullable = false)
    public String operator;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Action action;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    /** The job's generation after the action (a retry's new one). */
    @Column(nullable = false)
    public int generation;

    public String detail;
}
