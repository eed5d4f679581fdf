package dev.exportflow.events.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamedSqlTest {

    @Test
    void namedParametersBecomePositionalInOrderOfUse() {
        NamedSql sql = NamedSql.parse("select * from t where a = :a and (b = :b or :a is null)");

        assertThat(sql.jdbcSql()).isEqualTo("select * from t where a = ? and (b = ? or ? is null)");
        assertThat(sql.bindOrder()).containsExactly("a", "b", "a");
        assertThat(sql.names()).containsExactly("a", "b");
    }

    @Test
    void castsQuotesAndCommentsAreLeftAlone() {
        NamedSql sql = NamedSql.parse("""
                select ':not', "col:umn", x::date, 'it''s :still_text' -- :comment
                from t /* :block */ where d = :day::date""");

        assertThat(sql.bindOrder()).containsExactly("day");
        assertThat(sql.jdbcSql()).contains("':not'", "\"col:umn\"", "x::date", "'it''s :still_text'", "-- :comment",
                "/* :block */", "d = ?::date");
    }

    @Test
    void aLoneColonIsNotAParameter() {
        assertThat(NamedSql.parse("select 'a' || : || 'b'").bindOrder()).isEmpty();
    }
}
