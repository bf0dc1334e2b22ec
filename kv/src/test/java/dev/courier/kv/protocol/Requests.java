package dev.courier.kv.protocol;

import dev.courier.core.testkit.Splits;
import dev.courier.kv.KvLimits;
import dev.courier.kv.Wire;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import java.util.List;

/** Decodes request bytes every way they can be split, as comparable text per request. */
final class Requests {
    private Requests() {
    }

    /** The text form of a request: byte arrays in hex or Latin-1, so equal requests compare equal. */
    static String canon(Object o) {
        if (o instanceof KvRequest.Connect c) {
            return "CONNECT[" + c.clientId() + "]["
                    + (c.hash() == null ? "-" : HexFormat.of().formatHex(c.hash())) + "]";
        }
        if (o instanceof KvRequest.Put p) {
            return "PUT[" + p.key() + "][" + Wire.text(p.value()) + "]";
        }
        if (o instanceof KvRequest.Get g) {
            return "GET[" + g.key() + "]";
        }
        if (o instanceof KvRequest.Delete d) {
            return "DELETE[" + d.key() + "]";
        }
        if (o instanceof KvRequest.Disconnect) {
            return "DISCONNECT";
        }
        if (o instanceof KvRequest.Violation) {
            return "VIOLATION";
        }
        throw new AssertionError("not a request: " + o);
    }

    /** Texts of the given requests. */
    static List<String> list(KvRequest... rs) {
        return java.util.Arrays.stream(rs).map(Requests::canon).toList();
    }

    /** What a TLS-edition decoder with the default limit makes of {@code input}, the same every way it is cut. */
    static List<String> decode(byte[] input) {
        return Splits.decodeEveryWay(
                () -> new EmbeddedChannel(new KvRequestDecoder(KvLimits.DEFAULT_MAX_MESSAGE_BYTES, Edition.TLS)),
                input, Requests::canon);
    }

    /** {@code CONNECT id} LF and the hash. */
    static byte[] connect(String id, byte[] hash) {
        return Wire.concat(Wire.bytes("CONNECT " + id + "\n"), hash);
    }
}
