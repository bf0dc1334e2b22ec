package dev.courier.transfer.server;

import dev.courier.transfer.protocol.ExtensionLine;
import dev.courier.transfer.protocol.TransferFrameDecoder;
import dev.courier.transfer.protocol.TransferReply;
import java.util.HashMap;
import java.util.Map;

/**
 * Answers Courier's extension lines (docs/transfer-protocol.md, "Courier's extensions"): the registry of verbs this
 * receiver knows, one line per verb; a verb it does not know is answered {@code ERR unknown extension: VERB}.
 */
final class ExtensionDispatch {
    /** What one verb does with its line, on the connection's event loop. */
    interface Verb {
        /**
         * Answers {@code line}: {@link Exchange#ok}, or {@link Conversation#refuse}; a verb that must wait (for
         * the disk) calls {@link Conversation#hold} and answers later through {@link Conversation#onLoop}.
         */
        void answer(ExtensionLine line, Exchange x);
    }

    /** What a verb may use: the receiver's shared state, the connection, its decoder, its sender and its flow. */
    record Exchange(TransferServerHandler.Shared shared, Conversation conv, TransferFrameDecoder decoder, Peer peer,
                    MessageFlow flow) {
        /** Answers {@code OK} (or {@code OK args}); a first frame or another extension line may follow. */
        void ok(String args) {
            decoder.expectFirst();
            conv.reply(new TransferReply.Ok(args));
        }
    }

    /** The verbs, by name. */
    private static final Map<String, Verb> VERBS = verbs();

    private ExtensionDispatch() {
    }

    private static Map<String, Verb> verbs() {
        Map<String, Verb> v = new HashMap<>();
        // One line per verb: v.put(name, verb).
        v.put(ExtensionLine.AUTH, new AuthVerb());
        v.put(ResumeVerb.NAME, new ResumeVerb());
        v.put(TreeVerb.NAME, new TreeVerb());
        return Map.copyOf(v);
    }

    /** Hands {@code line} to its verb, or refuses a verb this receiver does not know. */
    static void dispatch(ExtensionLine line, Exchange x) {
        Verb v = VERBS.get(line.verb());
        if (v == null) {
            x.conv().refuse("unknown extension: " + line.verb());
            return;
        }
        v.answer(line, x);
    }
}
