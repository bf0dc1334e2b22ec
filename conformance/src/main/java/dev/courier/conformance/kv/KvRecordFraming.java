package dev.courier.conformance.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns what a case sends in the line dialect into the records of the record dialect (docs/kv-record-dialect.md):
 * each line without its LF; after {@code CONNECT id}, the 32 hash bytes as a record of their own; {@code PUT key}
 * and its value joined by one LF in one record. So one case text states a rule for both dialects.
 */
final class KvRecordFraming {
    /** Length of the password hash that follows a CONNECT line (TLS edition). */
    static final int HASH_BYTES = 32;

    private KvRecordFraming() {
    }

    /** The records {@code lines} (line-dialect bytes) make; {@code hashFollows}: the TLS edition's CONNECT. */
    static List<byte[]> records(byte[] lines, boolean hashFollows) {
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at < lines.length) {
            int lf = indexOfLf(lines, at);
            if (lf < 0) {
                out.add(Arrays.copyOfRange(lines, at, lines.length));
                break;
            }
            byte[] line = Arrays.copyOfRange(lines, at, lf);
            at = lf + 1;
            if (startsWith(line, "PUT ")) {
                int end = indexOfLf(lines, at);
                int stop = end < 0 ? lines.length : end;
                byte[] record = new byte[line.length + 1 + stop - at];
                System.arraycopy(line, 0, record, 0, line.length);
                record[line.length] = '\n';
                System.arraycopy(lines, at, record, line.length + 1, stop - at);
                out.add(record);
                at = end < 0 ? lines.length : end + 1;
            } else if (hashFollows && startsWith(line, "CONNECT ") && lines.length - at >= HASH_BYTES) {
                out.add(line);
                out.add(Arrays.copyOfRange(lines, at, at + HASH_BYTES));
                at += HASH_BYTES;
            } else {
                out.add(line);
            }
        }
        return out;
    }

    /** The record an answer given in line form ({@code lines}, LF-ended) is in the record dialect: without its LF. */
    static String record(String lines) {
        return lines.endsWith("\n") ? lines.substring(0, lines.length() - 1) : lines;
    }

    private static boolean startsWith(byte[] b, String prefix) {
        if (b.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfLf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
