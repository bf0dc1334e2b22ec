package dev.courier.mail.protocol;

import java.util.ArrayList;
import java.util.List;

/** Reads reply lines on the client side: checks the checksum after the last {@code #} and unescapes the fields. */
public final class ReplyLines {
    private ReplyLines() {
    }

    /**
     * The unescaped fields of a reply line (LF removed), or null if its checksum is missing or wrong.
     *
     * @throws Fields.MalformedFieldException if the checksum holds but a field is badly escaped or not UTF-8
     */
    public static List<String> checkedFields(byte[] line) throws Fields.MalformedFieldException {
        int mark = -1;
        for (int i = line.length - 1; i >= 0; i--) {
            if (line[i] == Wire.CHECKSUM_MARK) {
                mark = i;
                break;
            }
        }
        if (mark < 0 || !Checksum.matches(line, mark + 1, line.length - mark - 1, Checksum.hex(line, 0, mark))) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (byte[] raw : Fields.splitRaw(line, 0, mark)) {
            out.add(Fields.unescape(raw));
        }
        return out;
    }

    /** Reads a {@code MSG:id:sender:sent-at:subject:body} line's fields. */
    public static MailMessage message(List<String> f) {
        if (f.size() != 6 || !Wire.MSG.equals(f.get(0))) {
            throw new IllegalArgumentException("not a MSG line");
        }
        return new MailMessage(Long.parseLong(f.get(1)), f.get(2), Wire.parseSentAt(f.get(3)), f.get(4), f.get(5));
    }
}
