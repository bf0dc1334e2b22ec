package dev.courier.transfer.server;

import dev.courier.transfer.protocol.ExtensionLine;
import dev.courier.transfer.protocol.Trailer;
import java.util.HexFormat;

/**
 * {@code RESUME size sha256hex name%} (docs/transfer-protocol.md, "RESUME"): checks the words and hands the
 * announcement to the connection's {@link MessageFlow}, which answers {@code OK offset} or {@code OK offset n}.
 */
final class ResumeVerb implements ExtensionDispatch.Verb {
    /** The verb. */
    static final String NAME = "RESUME";

    @Override
    public void answer(ExtensionLine line, ExtensionDispatch.Exchange x) {
        if (line.args().size() != 3) {
            x.conv().refuse("bad extension: RESUME takes size, sha256 and name");
            return;
        }
        long size = Words.number(line.arg(0));
        if (size < 0) {
            x.conv().refuse("bad extension: RESUME size must be 0 to 2^63-1 in decimal");
            return;
        }
        String hex = line.arg(1);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            x.conv().refuse("bad extension: RESUME sha256 must be 64 hex digits");
            return;
        }
        String name = Trailer.percentDecode(line.arg(2));
        if (name == null) {
            x.conv().refuse("bad file name: broken %XX or not UTF-8");
            return;
        }
        x.flow().resume(size, HexFormat.of().parseHex(hex), name, x.peer().senderId());
    }
}
