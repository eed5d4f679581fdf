package dev.exportflow.notifier.delivery;

/** Where one owed email stands. */
public enum DeliveryStatus {
    /** Not handed to the SMTP server yet; due at {@code next_attempt_at}. */
    PENDING,
    /** The SMTP server accepted it. Final. */
    SENT,
    /** Refused for good, or given up after the last attempt. Final. */
    FAILED
}
