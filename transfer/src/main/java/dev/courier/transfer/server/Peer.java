package dev.courier.transfer.server;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who sends on one connection. Its {@link #senderId()} is what "the same sender" means (for resuming a file): the
 * client certificate's subject under mutual TLS, else the identity of the token it gave, else its IP address.
 */
public final class Peer {
    private final Channel channel;
    private String tokenId;

    Peer(Channel channel) {
        this.channel = channel;
    }

    /** The sender's identity: {@code cert:<subject>}, {@code token:<8 hex>} or {@code ip:<address>}. */
    public String senderId() {
        String subject = certificateSubject();
        if (subject != null) {
            return "cert:" + subject;
        }
        if (tokenId != null) {
            return tokenId;
        }
        return "ip:" + address();
    }

    /** The peer's IP address as text (or the whole socket address when it has none). */
    public String address() {
        return address(channel);
    }

    /** The IP address of {@code channel}'s peer as text (or its whole socket address when it has none). */
    static String address(Channel channel) {
        SocketAddress a = channel.remoteAddress();
        if (a instanceof InetSocketAddress i && i.getAddress() != null) {
            return i.getAddress().getHostAddress();
        }
        return String.valueOf(a);
    }

    /** The subject of the client certificate the TLS handshake verified, or null (plain TCP, or none asked for). */
    public String certificateSubject() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null || !tls.handshakeFuture().isSuccess()) {
            return null;
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x
                    ? x.getSubjectX500Principal().getName() : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** Whether the sender gave the receiver's token (always false when the receiver asks for none). */
    public boolean tokenGiven() {
        return tokenId != null;
    }

    /** The sender gave the receiver's token, known by {@code id} (never the token itself). */
    void tokenAccepted(String id) {
        this.tokenId = id;
    }
}
