package dev.courier.transfer.server;

import dev.courier.core.tls.ClientCa;
import dev.courier.transfer.TransferToken;

/**
 * Which senders a receiver lets in: those with a client certificate signed by {@code clientCa} (mutual TLS), those
 * that give {@code token} with {@code AUTH} first, both when both are set, or anyone when neither is.
 *
 * @param clientCa the authorities client certificates must be signed by, or null (needs TLS)
 * @param token    the token a sender must give before its first frame, or null
 */
public record SenderAuth(ClientCa clientCa, TransferToken token) {
    /** Anyone who reaches the port may send (the spec's behaviour). */
    public static final SenderAuth OPEN = new SenderAuth(null, null);

    /** Whether neither a client certificate nor a token is asked for. */
    public boolean open() {
        return clientCa == null && token == null;
    }

    /** In words for the start-up log line, never the token. */
    public String describe() {
        if (open()) {
            return "open to any sender";
        }
        String cert = clientCa != null ? "a client certificate signed by " + clientCa.file() : null;
        String tok = token != null ? "the token " + token.id() : null;
        return "senders need " + (cert != null && tok != null ? cert + " and " + tok : cert != null ? cert : tok);
    }
}
