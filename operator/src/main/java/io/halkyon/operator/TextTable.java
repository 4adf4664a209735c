package io.halkyon.operator;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain text table: left-aligned columns two spaces apart, the last one not padded. */
final class TextTable {

    private static final String EMPTY = "-";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    /** Adds a row; null cells print as {@value #EMPTY}. */
    TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row needs " + header.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? EMPTY : c.toString()).toList());
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (List<String> line : allLines()) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : allLines()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                boolean last = i == widths.length - 1;
                text.append(last ? line.get(i) : String.format("%-" + widths[i] + "s  ", line.get(i)));
            }
            out.println(text.toString().stripTrailing());
        }
        out.flush();
    }

    private List<List<String>> allLines() {
        List<List<String>> lines = new ArrayList<>(rows.size() + 1);
        lines.add(header);
        lines.addAll(rows);
        return lines;
    }
}
