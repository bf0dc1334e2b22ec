package dev.courier.transfer.server;

import dev.courier.transfer.protocol.ExtensionLine;
import dev.courier.transfer.protocol.Trailer;

/**
 * {@code TREE files bytes root%} (docs/transfer-protocol.md, "TREE"): checks the words and hands the folder to the
 * connection's {@link MessageFlow}, which places its root and answers {@code OK placed%}.
 */
final class TreeVerb implements ExtensionDispatch.Verb {
    /** The verb. */
    static final String NAME = "TREE";

    @Override
    public void answer(ExtensionLine line, ExtensionDispatch.Exchange x) {
        if (line.args().size() != 3) {
            x.conv().refuse("bad extension: TREE takes files, bytes and root");
            return;
        }
        long files = Words.number(line.arg(0));
        long bytes = Words.number(line.arg(1));
        if (files < 0 || bytes < 0) {
            x.conv().refuse("bad extension: TREE files and bytes must be 0 to 2^63-1 in decimal");
            return;
        }
        String root = Trailer.percentDecode(line.arg(2));
        if (root == null) {
            x.conv().refuse("bad file name: broken %XX or not UTF-8");
            return;
        }
        x.flow().tree(files, bytes, root, x.peer().senderId());
    }
}
