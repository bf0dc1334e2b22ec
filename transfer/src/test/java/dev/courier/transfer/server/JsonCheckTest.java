package dev.courier.transfer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.transfer.store.StoreRefusal;
import org.junit.jupiter.api.Test;

/** Every way a body is not a JSON document is a refusal in our words, with where when known; never a crash. */
class JsonCheckTest {
    private static void refused(String json, String reason) {
        assertThatThrownBy(() -> {
            JsonCheck.tokens(json);
            JsonCheck.parse(json);
        }).isInstanceOf(StoreRefusal.class).hasMessage(reason);
    }

    @Test
    void limitsAreNamedAndAnsweredAsNotAJsonDocument() {
        refused("[".repeat(1001) + "]".repeat(1001), "not a JSON document: nested deeper than 1000 (line 1, column 1002)");
        refused("{\"a\":".repeat(1001) + "1" + "}".repeat(1001),
                "not a JSON document: nested deeper than 1000 (line 1, column 5002)");
        refused("[" + "1".repeat(1001) + "]", "not a JSON document: a number longer than 1000 characters (line 1, "
                + "column 1003)");
        refused("{\"" + "n".repeat(50_001) + "\":1}", "not a JSON document: a name longer than 50000 characters "
                + "(line 1, column 50005)");
    }

    @Test
    void theDocumentCheckAloneSaysWhereALimitWasPassed() {
        assertThatThrownBy(() -> JsonCheck.parse("[".repeat(1001) + "]".repeat(1001))).isInstanceOf(StoreRefusal.class)
                .hasMessage("not a JSON document: nested deeper than 1000 (line 1, column 1002)");
    }

    @Test
    void syntaxErrorsEmptyBodiesAndTrailingValuesAreRefused() {
        refused("", "not a JSON document: empty");
        refused("   \n ", "not a JSON document: empty");
        refused("{\"a\": }", "not a JSON document: syntax error (line 1, column 7)");
        refused("[1, 2", "not a JSON document: ends early (line 1, column 6)");
        assertThatThrownBy(() -> JsonCheck.parse("{} []")).isInstanceOf(StoreRefusal.class)
                .hasMessageStartingWith("not a JSON document: more than one value");
    }

    @Test
    void goodDocumentsAtTheLimitsPassAndTheirTokensAreCounted() throws Exception {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThat(JsonCheck.tokens(deep)).isEqualTo(2000);
        assertThat(JsonCheck.parse(deep).isArray()).isTrue();
        assertThat(JsonCheck.tokens("{\"a\": [1, 2, \"x\"]}")).isEqualTo(8);
        assertThat(JsonCheck.parse("[" + "9".repeat(1000) + "]").get(0).isBigInteger()).isTrue();
    }
}
