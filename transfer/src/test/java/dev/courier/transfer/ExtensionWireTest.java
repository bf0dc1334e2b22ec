package dev.courier.transfer;

import static dev.courier.transfer.TestBytes.letters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import dev.courier.transfer.protocol.ExtensionLine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Extension lines against a real receiver over loopback: refusals byte for byte, and spec messages unchanged. */
class ExtensionWireTest {
    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c);

    @Test
    void anUnknownVerbIsAnsweredErrAndTheConnectionClosed() throws Exception {
        try (RawPeer p = RawPeer.open(ext)) {
            p.send("\u00ffFROBNICATE 1 2\r\n");
            assertThat(p.readLine()).isEqualTo("ERR unknown extension: FROBNICATE\r\n");
            assertThat(p.closedByPeer()).isTrue();
        }
    }

    @Test
    void aMalformedLineIsAnsweredBadExtension() throws Exception {
        try (RawPeer p = RawPeer.open(ext)) {
            p.send("\u00ffAUTH  x\r\n");
            assertThat(p.readLine()).isEqualTo("ERR bad extension: words must be separated by single spaces\r\n");
            assertThat(p.closedByPeer()).isTrue();
        }
    }

    @Test
    void aLineInTheMiddleOfAMessageIsRefused() throws Exception {
        byte[] body = letters(10);
        try (RawPeer p = RawPeer.open(ext)) {
            // A first frame with a wrong CRC-32: NACK1, and the same first frame is due, not an extension line.
            p.send(TestBytes.firstFrame(10, TestBytes.sha256(body), 0, body, 0, 10));
            assertThat(p.readLine()).isEqualTo("NACK1\r\n");
            p.send("\u00ffFROBNICATE\r\n");
            assertThat(p.readLine()).isEqualTo("ERR bad extension: only between messages\r\n");
        }
    }

    @Test
    void aSpecSenderIsUntouched() throws Exception {
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(WireTest.sendBody(p, letters(3000))).containsExactly("ACK 1002\r\n", "ACK\r\n");
            p.send("TEXT\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        assertThat(ext.server().poll(Duration.ofSeconds(5))).isPresent();
    }

    @Test
    void aSpecOnlyReceiversAnswerIsSaidAsUnsupported() throws Exception {
        // A receiver of the spec alone reads the 0xFF as the top byte of a size and refuses the "first frame".
        try (ServerSocket spec = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try (Socket s = spec.accept()) {
                    InputStream in = s.getInputStream();
                    while (in.read() != '\n') {
                        // the extension line, to its end
                    }
                    s.getOutputStream().write("ERR bad header: size beyond 2^63-1\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on the client's side
                }
            });
            t.start();
            try (TransferClient c = TransferClient.connect(TransferClientConfig.plain("127.0.0.1", spec.getLocalPort()))) {
                assertThatThrownBy(() -> c.extension(ExtensionLine.of("NOOP")))
                        .isInstanceOfSatisfying(TransferException.class, e -> {
                            assertThat(e.reason()).isEqualTo(TransferException.Reason.UNSUPPORTED);
                            assertThat(e.getMessage()).isEqualTo("the receiver speaks only the transfer protocol's "
                                    + "spec, without Courier's extensions (it cannot take NOOP)");
                        });
            }
            t.join(5000);
        }
    }

    @Test
    void theClientSaysWhichVerbTheReceiverRefused() throws Exception {
        try (TransferClient c = TransferClient.connect(TransferClientConfig.plain("localhost", ext.port()))) {
            assertThatThrownBy(() -> c.extension(ExtensionLine.of("FROBNICATE")))
                    .isInstanceOfSatisfying(TransferException.class, e -> {
                        assertThat(e.reason()).isEqualTo(TransferException.Reason.REFUSED);
                        assertThat(e.getMessage()).isEqualTo("the receiver refused: unknown extension: FROBNICATE");
                    });
            assertThat(c.isOpen()).isFalse();
        }
    }
}
