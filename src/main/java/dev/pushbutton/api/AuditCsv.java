package dev.pushbutton.api;

import dev.pushbutton.audit.AuditEntry;
import java.io.OutputStream;
import java.util.List;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The audit trail as CSV, one entry a row, written as it is read. Jackson's CSV writer does the
 * quoting; what it cannot know is that the file will be opened in a spreadsheet, where a cell
 * starting with {@code =}, {@code +}, {@code -} or {@code @} (or a tab or carriage return) is taken
 * as a formula: anyone can choose the name a failed sign-in is recorded under, so such a cell gets
 * a leading apostrophe, which spreadsheets show as text and do not display (OWASP's advice on CSV
 * injection).
 */
final class AuditCsv implements AutoCloseable {
  static final List<String> COLUMNS =
      List.of("id", "at", "actor", "action", "target", "details", "address", "hash");

  private static final CsvMapper CSV = CsvMapper.builder().build();
  private static final CsvSchema SCHEMA =
      CsvSchema.builder()
          .addColumns(COLUMNS, CsvSchema.ColumnType.STRING)
          .setUseHeader(true)
          .build();

  private final SequenceWriter rows;

  AuditCsv(OutputStream out) {
    this.rows = CSV.writer(SCHEMA).writeValues(out);
  }

  void write(AuditEntry entry) {
    rows.write(
        new String[] {
          Long.toString(entry.id()),
          entry.atText(),
          cell(entry.actor()),
          cell(entry.action()),
          cell(entry.target()),
          cell(entry.details()),
          cell(entry.address()),
          entry.hash()
        });
  }

  /** A cell a spreadsheet shows as the text it is; empty for null. */
  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    return switch (value.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
      default -> value;
    };
  }

  @Override
  public void close() {
    rows.close();
  }
}
