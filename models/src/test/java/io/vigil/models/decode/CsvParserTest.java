package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {
  @Test
  void quotedFieldsWithCommasQuotesAndNewlines() throws Exception {
    List<List<String>> rows =
        CsvParser.parse("a,\"b,c\",\"{\"\"k\"\":\"\"v\"\"}\"\r\n\n1,,\"x\ny\"\n,\n");
    assertThat(rows)
        .containsExactly(
            List.of("a", "b,c", "{\"k\":\"v\"}"), List.of("1", "", "x\ny"), List.of("", ""));
  }

  @Test
  void lastRowWithoutNewlineAndEmptyQuoted() throws Exception {
    assertThat(CsvParser.parse("a,\"\"")).containsExactly(List.of("a", ""));
    assertThat(CsvParser.parse("")).isEmpty();
  }

  @Test
  void malformedQuotes() {
    assertThatThrownBy(() -> CsvParser.parse("a,\"b")).isInstanceOf(CsvParser.CsvException.class);
    assertThatThrownBy(() -> CsvParser.parse("a,\"b\"c"))
        .isInstanceOf(CsvParser.CsvException.class);
  }
}
