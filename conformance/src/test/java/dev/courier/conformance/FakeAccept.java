package dev.courier.conformance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** The accept loop of the tests' fake servers: every connection served on a daemon thread of its own. */
public final class FakeAccept {
    private FakeAccept() {
    }

    /** Starts accepting on {@code server} (until it is closed), handing each connection to {@code each}. */
    public static <S extends ServerSocket> S serve(S server, String name, Consumer<Socket> each) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread c = new Thread(() -> each.accept(s), name + "-conn");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return server;
    }
}
