package dev.exportflow.worker.format;

import java.sql.Types;

/** How the values of one result column are read and written. */
public enum ColumnKind {
    /** Numbers: written as PostgreSQL prints them, never quoted, never neutralised. */
    NUMBER,
    BOOLEAN,
    /** {@code timestamptz}: written in the export's time zone with its offset (ISO 8601). */
    TIMESTAMP_WITH_ZONE,
    /** {@code timestamp}: written as it is stored (ISO 8601, no offset). */
    TIMESTAMP,
    /** {@code date}: {@code 2024-02-29}, a date cell in a workbook. */
    DATE,
    /** Times, UUIDs and the like: text that can never be a formula. */
    PLAIN,
    /** {@code bytea}: written as PostgreSQL prints it ({@code \x} and hex digits). */
    BYTES,
    /** Any other text: quoted when needed and neutralised when it looks like a formula. */
    TEXT;

    /** The kind of a JDBC column, from its type code and the database's type name. */
    public static ColumnKind of(int sqlType, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(java.util.Locale.ROOT);
        if (name.equals("timestamptz")) {
            return TIMESTAMP_WITH_ZONE;
        }
        if (name.equals("timestamp")) {
            return TIMESTAMP;
        }
        if (name.equals("bool") || name.equals("boolean")) {
            return BOOLEAN;
        }
        if (name.equals("bytea")) {
            return BYTES;
        }
        if (name.equals("money")) {
            return TEXT;
        }
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL, Types.REAL,
                    Types.FLOAT, Types.DOUBLE -> NUMBER;
            case Types.BOOLEAN -> BOOLEAN;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_WITH_ZONE;
            case Types.TIMESTAMP -> TIMESTAMP;
            case Types.DATE -> DATE;
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> PLAIN;
            default -> name.equals("uuid") ? PLAIN : TEXT;
        };
    }
}
