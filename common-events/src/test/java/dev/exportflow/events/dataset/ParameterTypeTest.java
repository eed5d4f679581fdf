package dev.exportflow.events.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

class ParameterTypeTest {

    @Test
    void jsonValuesAreNormalised() {
        assertThat(ParameterType.INTEGER.normalize(42)).isEqualTo("42");
        assertThat(ParameterType.INTEGER.normalize(" 42 ")).isEqualTo("42");
        assertThat(ParameterType.DECIMAL.normalize(1e2)).isEqualTo("100.0");
        assertThat(ParameterType.DECIMAL.normalize("0.10")).isEqualTo("0.10");
        assertThat(ParameterType.BOOLEAN.normalize(true)).isEqualTo("true");
        assertThat(ParameterType.BOOLEAN.normalize("FALSE")).isEqualTo("false");
        assertThat(ParameterType.DATE.normalize("2024-02-29")).isEqualTo("2024-02-29");
        assertThat(ParameterType.TIMESTAMP.normalize("2024-02-29T10:00:00+01:00")).isEqualTo("2024-02-29T10:00+01:00");
    }

    @Test
    void malformedValuesSayWhatIsExpected() {
        assertThatThrownBy(() -> ParameterType.INTEGER.normalize("4.2")).hasMessage("must be a whole number");
        assertThatThrownBy(() -> ParameterType.DATE.normalize("2023-02-29")).hasMessage("must be a date (YYYY-MM-DD)");
        assertThatThrownBy(() -> ParameterType.BOOLEAN.normalize("yes")).hasMessage("must be true or false");
        assertThatThrownBy(() -> ParameterType.DECIMAL.normalize("1,5")).hasMessage("must be a decimal number");
    }

    @Test
    void canonicalTextBecomesTypedJdbcValues() {
        assertThat(ParameterType.INTEGER.toJdbc("7")).isEqualTo(7L);
        assertThat(ParameterType.DECIMAL.toJdbc("7.25")).isEqualTo(new BigDecimal("7.25"));
        assertThat(ParameterType.DATE.toJdbc("2024-01-01")).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(ParameterType.TIMESTAMP.toJdbc("2024-01-01T00:00Z")).isEqualTo(OffsetDateTime.parse("2024-01-01T00:00Z"));
        assertThat(ParameterType.STRING.toJdbc(null)).isNull();
    }
}
