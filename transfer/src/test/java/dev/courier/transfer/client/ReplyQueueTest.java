package dev.courier.transfer.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.transfer.TransferException;
import io.netty.channel.embedded.EmbeddedChannel;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ReplyQueueTest {
    @Test
    void aHandshakeFailureStaysQueuedAfterTheChannelCloses() {
        ReplyQueue replies = new ReplyQueue();
        EmbeddedChannel ch = new EmbeddedChannel(replies);
        ch.pipeline().fireExceptionCaught(new SSLHandshakeException("unable to find valid certification path"));
        assertThat(ch.isActive()).isFalse();
        TransferException e = replies.failure();
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(TransferException.Reason.TLS);
        assertThat(e.getMessage()).startsWith("TLS failed: unable to find valid certification path");
    }

    @Test
    void aPlainCloseQueuesNoFailure() {
        ReplyQueue replies = new ReplyQueue();
        EmbeddedChannel ch = new EmbeddedChannel(replies);
        ch.close();
        assertThat(replies.failure()).isNull();
    }
}
