package dev.courier.kv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.Wire;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against the real server: pipelined calls, resume, and closing from its own event loop. */
class KvAsyncClientTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    @Test
    void pipelinedCallsCompleteInOrderWithTheirOwnAnswers() throws Exception {
        try (KvAsyncClient c = KvAsyncClient.connect(kv.clientConfig("p", Wire.hash(1))).get(10, TimeUnit.SECONDS)) {
            List<CompletableFuture<Optional<String>>> gets = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                c.put("k" + i, "v" + i);
                gets.add(c.get("k" + i));
                gets.add(c.get("missing" + i));
            }
            for (int i = 0; i < 500; i++) {
                assertThat(gets.get(2 * i).get(10, TimeUnit.SECONDS)).contains("v" + i);
                assertThat(gets.get(2 * i + 1).get(10, TimeUnit.SECONDS)).isEmpty();
            }
        }
    }

    @Test
    void aClosedClientsSessionIsResumedByTheSamePassword() throws Exception {
        byte[] hash = KvServerExtension.hash("pw");
        try (KvClient c = kv.client("r", hash)) {
            c.put("k", "kept");
        }
        await().until(() -> kv.server().registry().detached() == 1);
        try (KvClient c = kv.client("r", hash)) {
            assertThat(c.get("k")).contains("kept");
            c.disconnect();
        }
        assertThat(kv.server().registry().table().sessions()).isZero();
    }

    @Test
    void closeMayBeCalledOnTheClientsEventLoop() throws Exception {
        KvAsyncClient c = KvAsyncClient.connect(kv.clientConfig("cb", Wire.hash(2))).get(10, TimeUnit.SECONDS);
        assertThat(c.get("k").get(10, TimeUnit.SECONDS)).isEmpty();
        // As a callback of a future the client completed would: it must not block its own thread.
        c.channel().eventLoop().submit(c::close).get(10, TimeUnit.SECONDS);
        await().until(() -> !c.isOpen());
    }

    @Test
    void theLongestValueFitsAndOneByteMoreIsRefusedByTheClient() throws Exception {
        try (KvClient c = kv.client("long", Wire.hash(3))) {
            String max = Wire.repeat('m', 4091);
            c.put("k", max);
            assertThat(c.get("k")).contains(max);
            KvException e = org.assertj.core.api.Assertions.catchThrowableOfType(KvException.class,
                    () -> c.put("k", max + "m"));
            assertThat(e.reason()).as("refused before sending").isEqualTo(KvException.Reason.INVALID_REQUEST);
            assertThat(c.get("k")).contains(max);
        }
    }
}
