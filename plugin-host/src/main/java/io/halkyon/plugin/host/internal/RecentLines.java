package io.halkyon.plugin.host.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A bounded, thread-safe ring of the most recent lines (each cut to a maximum length). */
public final class RecentLines {

    private final int capacity;
    private final int maxLineLength;
    private final ArrayDeque<String> lines;

    public RecentLines(int capacity, int maxLineLength) {
        this.capacity = capacity;
        this.maxLineLength = maxLineLength;
        this.lines = new ArrayDeque<>(capacity);
    }

    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > maxLineLength ? line.substring(0, maxLineLength) + "…" : line);
    }

    public synchronized List<String> snapshot() {
        return new ArrayList<>(lines);
    }

    /** The lines quoted, one per line with an indent, or {@code (none)}. */
    public String describe() {
        List<String> copy = snapshot();
        if (copy.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : copy) {
            sb.append("\n  ").append(line);
        }
        return sb.toString();
    }
}
