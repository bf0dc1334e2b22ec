package dev.courier.kv.rsa;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;

/**
 * Reads the peer's PEM key from a byte stream split in any way, up to and including the LF after its END line,
 * holding at most {@code maxBytes}. Each byte is looked at once, however the stream is split.
 */
final class PemKeyReader {
    private static final byte LF = '\n';

    private final int maxBytes;
    private int scanned;
    private int lineStart;
    private boolean firstLine = true;

    /** A reader that gives up once a key takes more than {@code maxBytes}. */
    PemKeyReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The key, once its END line and LF are in {@code in} (they and everything before are consumed; later bytes
     * are left), or null while more bytes are needed.
     *
     * @throws RsaProtocolException when the bytes cannot be a PEM key or pass the bound
     */
    RSAPublicKey read(ByteBuf in) {
        int base = in.readerIndex();
        int available = Math.min(in.readableBytes(), maxBytes);
        while (scanned < available) {
            int lf = in.indexOf(base + scanned, base + available, LF);
            if (lf < 0) {
                scanned = available;
                break;
            }
            scanned = lf - base + 1;
            String line = chomp(in.toString(base + lineStart, lf - base - lineStart, StandardCharsets.ISO_8859_1));
            lineStart = scanned;
            if (firstLine) {
                firstLine = false;
                if (!line.equals(RsaKeys.BEGIN)) {
                    throw new RsaProtocolException("the key exchange must start with '" + RsaKeys.BEGIN + "'");
                }
            } else if (line.startsWith("-----")) {
                if (!line.equals(RsaKeys.END)) {
                    throw new RsaProtocolException("PEM block ends with '" + show(line) + "', not '" + RsaKeys.END + "'");
                }
                String pem = in.toString(base, scanned, StandardCharsets.ISO_8859_1);
                in.skipBytes(scanned);
                return RsaKeys.parsePem(pem);
            }
        }
        if (in.readableBytes() >= maxBytes) {
            throw new RsaProtocolException("no '" + RsaKeys.END + "' line within " + maxBytes + " bytes");
        }
        return null;
    }

    private static String chomp(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String show(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
