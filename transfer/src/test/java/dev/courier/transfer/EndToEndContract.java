package dev.courier.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.transfer.client.SendResult;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import dev.courier.transfer.store.TempFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;

/** Texts, JSON and files from the project's sender to its receiver; run plain, over TLS, and spooled to disk. */
abstract class EndToEndContract {
    abstract TransferServerExtension ext();

    TransferMessage next() throws Exception {
        return ext().server().poll(Duration.ofSeconds(10)).orElseThrow();
    }

    @Test
    void textArrivesExactly() throws Exception {
        String text = "héllo wörld ✓ — ünïcode";
        try (TransferClient c = ext().client()) {
            SendResult r = c.send(text);
            TransferMessage m = next();
            assertThat(m).isInstanceOf(TransferMessage.Text.class);
            assertThat(m.kind()).isEqualTo(TransferMessage.Kind.TEXT);
            assertThat(((TransferMessage.Text) m).text()).isEqualTo(text);
            byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(m.size()).isEqualTo(utf8.length).isEqualTo(r.size());
            assertThat(m.sha256()).isEqualTo(TestBytes.sha256(utf8)).isEqualTo(r.sha256());
            assertThat(r.nack1() + r.nack2()).isZero();
        }
    }

    @Test
    void emptyTextIsOneFrame() throws Exception {
        try (TransferClient c = ext().client()) {
            assertThat(c.send("").frames()).isEqualTo(1);
            TransferMessage m = next();
            assertThat(((TransferMessage.Text) m).text()).isEmpty();
            assertThat(m.sha256Hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }
    }

    @Test
    void jsonObjectsAreSerializedAndParsed() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "courier");
        doc.put("list", List.of(1, 2.5, true));
        doc.put("none", null);
        try (TransferClient c = ext().client()) {
            c.sendJson(doc);
            TransferMessage.Json m = (TransferMessage.Json) next();
            assertThat(m.kind()).isEqualTo(TransferMessage.Kind.JSON);
            assertThat(m.json()).isEqualTo(new ObjectMapper().valueToTree(doc));
        }
    }

    @Test
    void jsonTextIsSentAsIsAndBadJsonNotAtAll() throws Exception {
        String json = "{ \"x\" : [1, 2] }";
        try (TransferClient c = ext().client()) {
            assertThatThrownBy(() -> c.sendJson("{\"x\": ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.sendJson("{} {}")).isInstanceOf(IllegalArgumentException.class);
            c.sendJson(json);
            TransferMessage.Json m = (TransferMessage.Json) next();
            assertThat(m.text()).isEqualTo(json);
            assertThat(m.json().get("x").get(1).asInt()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1998, 1999, 3996, 5 * 1024 * 1024 + 17})
    void filesArriveWholeAndNothingElseIsLeft(int size) throws Exception {
        byte[] content = TestBytes.random(size, size);
        Path file = Files.write(ext().outbox().resolve("data-" + size + ".bin"), content);
        try (TransferClient c = ext().client()) {
            SendResult r = c.sendFile(file);
            TransferMessage.File m = (TransferMessage.File) next();
            assertThat(m.kind()).isEqualTo(TransferMessage.Kind.FILE);
            assertThat(m.name()).isEqualTo("data-" + size + ".bin");
            assertThat(m.path()).isEqualTo(ext().inbox().resolve("data-" + size + ".bin"));
            assertThat(m.size()).isEqualTo(size);
            assertThat(m.sha256()).isEqualTo(TestBytes.sha256(content)).isEqualTo(r.sha256());
            assertThat(Files.readAllBytes(m.path())).isEqualTo(content);
        }
        assertThat(TestBytes.names(ext().inbox())).containsExactly("data-" + size + ".bin");
    }

    @Test
    void manyMessagesOnOneConnectionArriveInOrder() throws Exception {
        Path file = Files.write(ext().outbox().resolve("été 100%.txt"), TestBytes.letters(7000));
        try (TransferClient c = ext().client()) {
            c.send("one");
            c.sendJson(List.of("two"));
            c.sendFile(file);
            c.send("four");
            assertThat(((TransferMessage.Text) next()).text()).isEqualTo("one");
            assertThat(((TransferMessage.Json) next()).text()).isEqualTo("[\"two\"]");
            assertThat(((TransferMessage.File) next()).path().getFileName().toString()).isEqualTo("été 100%.txt");
            assertThat(((TransferMessage.Text) next()).text()).isEqualTo("four");
        }
    }

    @Test
    void existingNamesAreNotOverwritten() throws Exception {
        Path a = Files.write(ext().outbox().resolve("a.txt"), new byte[] {1});
        try (TransferClient c = ext().client()) {
            c.sendFile(a);
            Files.write(a, new byte[] {2});
            c.sendFile(a);
            Files.write(a, new byte[] {3});
            c.sendFile(a, "a.txt", TransferProgress.NONE);
        }
        assertThat(TestBytes.names(ext().inbox())).containsExactly("a (1).txt", "a (2).txt", "a.txt");
        assertThat(Files.readAllBytes(ext().inbox().resolve("a.txt"))).containsExactly(1);
        assertThat(Files.readAllBytes(ext().inbox().resolve("a (2).txt"))).containsExactly(3);
    }

    @Test
    void handlerGetsEveryMessageOnWorkerThreads() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        ext().server().listen(m -> {
            seen.add(((TransferMessage.Text) m).text());
            threads.add(Thread.currentThread().getName());
        });
        try (TransferClient c = ext().client()) {
            for (int i = 0; i < 5; i++) {
                c.send("m" + i);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 5);
        assertThat(seen).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
        assertThat(threads).allMatch(t -> t.startsWith("transfer-handler"));
        assertThatThrownBy(() -> ext().server().listen()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void progressIsReportedForHashingThenSending() throws Exception {
        int size = 3 * 1024 * 1024 + 5;
        Path file = Files.write(ext().outbox().resolve("p.bin"), TestBytes.random(size, 7));
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        try (TransferClient c = ext().client()) {
            c.sendFile(file, (stage, done, total) -> {
                assertThat(total).isEqualTo(size);
                events.add(stage.name());
                if (stage == TransferProgress.Stage.SENDING) {
                    sent.add(done);
                }
            });
        }
        assertThat(events.get(0)).isEqualTo("HASHING");
        assertThat(events.get(events.size() - 1)).isEqualTo("SENDING");
        assertThat(events.indexOf("SENDING")).isGreaterThan(events.lastIndexOf("HASHING"));
        assertThat(sent).isSorted().last().isEqualTo((long) size);
        next();
    }

    @Test
    void byteHookTransformsWhatIsSentAndVerified() throws Exception {
        byte[] content = TestBytes.random(300_000, 11);
        Path file = Files.write(ext().outbox().resolve("x.bin"), content);
        ByteTransform xor = (offset, bytes) -> {
            for (int i = bytes.position(); i < bytes.limit(); i++) {
                bytes.put(i, (byte) (bytes.get(i) ^ 0x5A ^ (offset + i - bytes.position())));
            }
        };
        byte[] expected = content.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (expected[i] ^ 0x5A ^ i);
        }
        TransferClientConfig cfg = ext().clientConfig().withTransform(xor);
        try (TransferClient c = TransferClient.connect(cfg)) {
            SendResult r = c.sendFile(file);
            assertThat(r.sha256()).isEqualTo(TestBytes.sha256(expected));
        }
        TransferMessage.File m = (TransferMessage.File) next();
        assertThat(Files.readAllBytes(m.path())).isEqualTo(expected);
        assertThat(ByteBuffer.wrap(m.sha256())).isEqualTo(ByteBuffer.wrap(TestBytes.sha256(expected)));
    }

    @Test
    void aMissingLocalFileFailsWithoutSpoilingTheConnection() throws Exception {
        try (TransferClient c = ext().client()) {
            assertThatThrownBy(() -> c.sendFile(ext().outbox().resolve("missing")))
                    .isInstanceOfSatisfying(TransferException.class,
                            e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.IO));
            assertThatThrownBy(() -> c.sendFile(ext().outbox())).isInstanceOf(TransferException.class);
            c.send("still fine");
        }
        assertThat(((TransferMessage.Text) next()).text()).isEqualTo("still fine");
    }

    @Test
    void noTemporaryFilesRemainAfterAConnectionCloses() throws Exception {
        try (TransferClient c = ext().client()) {
            c.send("x");
        }
        next();
        await().atMost(Duration.ofSeconds(5)).until(() -> ext().server().openConnections() == 0);
        assertThat(TestBytes.names(ext().inbox())).noneMatch(TempFiles::isTemp);
    }
}
