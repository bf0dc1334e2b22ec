package dev.courier.transfer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same mutual-TLS cases with the JDK's TLS instead of OpenSSL ({@code -Dcourier.tls.jdk=true}). */
class MutualTlsJdkTest extends MutualTlsTest {
    @BeforeAll
    static void useTheJdk() {
        System.setProperty("courier.tls.jdk", "true");
    }

    @AfterAll
    static void backToOpenSsl() {
        System.clearProperty("courier.tls.jdk");
    }
}
