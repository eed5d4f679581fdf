package dev.exportflow.worker.xlsx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import dev.exportflow.worker.format.ColumnKind;
import dev.exportflow.worker.format.ExportColumn;
import dev.exportflow.worker.format.TrickyRows;

/** The tricky rows as a workbook, read back with Apache POI cell by cell: every value with its type. */
class XlsxRowWriterTest {

    @Test
    void theHeaderIsBoldFrozenAndNamesTheColumns() throws IOException {
        try (XSSFWorkbook workbook = read(write(XlsxRowWriter.MAX_ROWS))) {
            Sheet sheet = workbook.getSheet("orders");
            Row header = sheet.getRow(0);

            assertThat(header.getPhysicalNumberOfCells()).isEqualTo(TrickyRows.COLUMNS.size());
            for (int c = 0; c < TrickyRows.COLUMNS.size(); c++) {
                assertThat(header.getCell(c).getStringCellValue()).isEqualTo(TrickyRows.COLUMNS.get(c).label());
                assertThat(workbook.getFontAt(header.getCell(c).getCellStyle().getFontIndex()).getBold()).isTrue();
            }
            assertThat(sheet.getPaneInformation().getHorizontalSplitTopRow()).isEqualTo((short) 1);
            assertThat(sheet.getColumnWidth(7)).as("a timestamp column is wide enough").isGreaterThan(sheet.getColumnWidth(4));
        }
    }

    @Test
    void numbersBooleansAndTextKeepTheirTypesAndNoTextBecomesAFormula() throws IOException {
        try (XSSFWorkbook workbook = read(write(XlsxRowWriter.MAX_ROWS))) {
            Sheet sheet = workbook.getSheet("orders");

            assertNumber(cell(sheet, 1, "id"), 1);
            assertText(cell(sheet, 1, "note"), "Grüße aus Köln – 東京 📦");
            assertText(cell(sheet, 2, "note"), "Deliver to the \"back door\",\nring twice");
            assertText(cell(sheet, 3, "note"), "=HYPERLINK(\"http://example.com\")");
            assertThat(cell(sheet, 4, "note")).as("null").isNull();
            assertNumber(cell(sheet, 1, "amount"), -12.5);
            assertNumber(cell(sheet, 2, "amount"), 123456789012345678901234567890.123456789);
            assertText(cell(sheet, 3, "amount"), "NaN");
            assertNumber(cell(sheet, 1, "code"), 42);
            assertText(cell(sheet, 2, "code"), "=1+1");
            assertText(cell(sheet, 3, "code"), " -5");
            assertNumber(cell(sheet, 4, "code"), 7);
            assertThat(cell(sheet, 1, "paid").getCellType()).isEqualTo(CellType.BOOLEAN);
            assertThat(cell(sheet, 1, "paid").getBooleanCellValue()).isTrue();
            assertThat(cell(sheet, 2, "paid").getBooleanCellValue()).isFalse();
            assertText(cell(sheet, 1, "ref"), "5b0e2c55-6f1a-4a8e-9d5e-7a3c2b1f0e99");
        }
    }

    @Test
    void datesAndTimestampsAreDateCellsInTheExportsZoneAcrossBothDaylightSavingChanges() throws IOException {
        try (XSSFWorkbook workbook = read(write(XlsxRowWriter.MAX_ROWS))) {
            Sheet sheet = workbook.getSheet("orders");

            assertThat(dateTime(cell(sheet, 1, "day")).toLocalDate()).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(dateTime(cell(sheet, 1, "at"))).isEqualTo(LocalDateTime.of(2024, 3, 31, 1, 30));
            assertThat(dateTime(cell(sheet, 4, "at"))).isEqualTo(LocalDateTime.of(2024, 10, 27, 3, 0));
            assertThat(dateTime(cell(sheet, 1, "at_zoned"))).as("00:30 UTC, winter time")
                    .isEqualTo(LocalDateTime.of(2024, 3, 31, 1, 30));
            assertThat(dateTime(cell(sheet, 2, "at_zoned"))).as("01:30 UTC, summer time")
                    .isEqualTo(LocalDateTime.of(2024, 3, 31, 3, 30));
            assertThat(dateTime(cell(sheet, 3, "at_zoned"))).as("00:30 UTC, summer time")
                    .isEqualTo(LocalDateTime.of(2024, 10, 27, 2, 30));
            assertThat(dateTime(cell(sheet, 4, "at_zoned"))).as("01:30 UTC, winter again")
                    .isEqualTo(LocalDateTime.of(2024, 10, 27, 2, 30));
            assertThat(cell(sheet, 1, "at").getCellStyle().getDataFormatString()).isEqualTo(XlsxRowWriter.TIMESTAMP_FORMAT);
            assertThat(cell(sheet, 1, "day").getCellStyle().getDataFormatString()).isEqualTo(XlsxRowWriter.DATE_FORMAT);
        }
    }

    @Test
    void aDateExcelCannotShowFaithfullyStaysTheDatabasesText() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxRowWriter writer = XlsxRowWriter.open(out, TrickyRows.format("xlsx"),
                List.of(new ExportColumn("day", ColumnKind.DATE, false)), false, "orders", XlsxRowWriter.MAX_ROWS);
        for (String day : List.of("1899-12-31", "1900-03-01", "infinity")) {
            writer.writeRow(new byte[][] {day.getBytes(java.nio.charset.StandardCharsets.UTF_8)});
        }
        writer.finish();
        try (XSSFWorkbook workbook = read(out.toByteArray())) {
            Sheet sheet = workbook.getSheet("orders");
            assertText(sheet.getRow(1).getCell(0), "1899-12-31");
            assertThat(dateTime(sheet.getRow(2).getCell(0)).toLocalDate()).isEqualTo(LocalDate.of(1900, 3, 1));
            assertText(sheet.getRow(3).getCell(0), "infinity");
        }
    }

    @Test
    void aFullSheetContinuesOnTheNextWithItsOwnHeader() throws IOException {
        try (XSSFWorkbook workbook = read(write(3))) {
            assertThat(workbook.getNumberOfSheets()).isEqualTo(2);
            assertThat(workbook.getSheetName(0)).isEqualTo("orders");
            assertThat(workbook.getSheetName(1)).isEqualTo("orders (2)");
            assertThat(workbook.getSheetAt(0).getLastRowNum()).isEqualTo(2);
            assertThat(workbook.getSheetAt(1).getRow(0).getCell(0).getStringCellValue()).isEqualTo("id");
            assertThat(workbook.getSheetAt(1).getRow(1).getCell(0).getNumericCellValue()).isEqualTo(3);
            assertThat(workbook.getSheetAt(1).getRow(2).getCell(0).getNumericCellValue()).isEqualTo(4);
        }
    }

    @Test
    void sheetNamesFollowExcelsRules() {
        assertThat(XlsxRowWriter.sheetName("orders")).isEqualTo("orders");
        assertThat(XlsxRowWriter.sheetName("a/b:c*d?e[f]g\\h")).isEqualTo("a_b_c_d_e_f_g_h");
        assertThat(XlsxRowWriter.sheetName("x".repeat(40))).hasSize(31);
        assertThat(XlsxRowWriter.numbered("x".repeat(31), 12)).hasSize(31).endsWith(" (12)");
        assertThat(XlsxRowWriter.width(new ExportColumn("a very long column label indeed", ColumnKind.NUMBER, false)))
                .isEqualTo(33);
    }

    private static byte[] write(int rowsPerSheet) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrickyRows.writeAll(XlsxRowWriter.open(out, TrickyRows.format("xlsx"), TrickyRows.COLUMNS, false, "orders",
                rowsPerSheet));
        return out.toByteArray();
    }

    private static XSSFWorkbook read(byte[] xlsx) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(xlsx));
    }

    private static Cell cell(Sheet sheet, int row, String column) {
        List<String> labels = TrickyRows.COLUMNS.stream().map(ExportColumn::label).toList();
        return sheet.getRow(row).getCell(labels.indexOf(column));
    }

    private static void assertNumber(Cell cell, double expected) {
        assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(cell.getNumericCellValue()).isEqualTo(expected);
    }

    private static void assertText(Cell cell, String expected) {
        assertThat(cell.getCellType()).as("a string cell, never a formula").isEqualTo(CellType.STRING);
        assertThat(cell.getStringCellValue()).isEqualTo(expected);
    }

    private static LocalDateTime dateTime(Cell cell) {
        assertThat(cell.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(DateUtil.isCellDateFormatted(cell)).isTrue();
        return cell.getLocalDateTimeCellValue();
    }
}
