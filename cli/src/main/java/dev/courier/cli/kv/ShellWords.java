package dev.courier.cli.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell line into words the way a POSIX shell does for the simple cases: spaces separate words,
 * {@code 'a b'} is literal, {@code "a b"} allows {@code \"} and {@code \\}, and a backslash outside quotes escapes
 * the next character. {@code ""} is an empty word.
 */
final class ShellWords {
    private ShellWords() {
    }

    /** The words of {@code line}; fails on an unclosed quote or a trailing backslash. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed ' quote");
                }
                cur.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, cur);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("backslash at the end of the line");
                }
                cur.append(line.charAt(++i));
                inWord = true;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }

    /** Appends the quoted text starting at {@code i}; returns the index of the closing quote. */
    private static int doubleQuoted(String line, int i, StringBuilder cur) {
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                c = line.charAt(++i);
            }
            cur.append(c);
        }
        throw new IllegalArgumentException("unclosed \" quote");
    }
}
