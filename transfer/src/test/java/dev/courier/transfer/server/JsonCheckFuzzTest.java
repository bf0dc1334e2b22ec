package dev.courier.transfer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.transfer.store.StoreRefusal;

/**
 * Fuzzes the receiver's JSON check: whatever the text, it is a document or a refusal "not a JSON document: ..."
 * (never another exception, never a crash like the old NullPointerException on a limit's missing location); the
 * token count it charges for is positive for a document, and a document passes both steps. Regression inputs live
 * under the test resources.
 */
class JsonCheckFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void everyTextIsADocumentOrARefusal(String text) {
        if (text == null) {
            // Jazzer's String parameter may be null; a body never is.
            return;
        }
        long tokens;
        try {
            tokens = JsonCheck.tokens(text);
        } catch (StoreRefusal e) {
            assertThat(e.getMessage()).startsWith("not a JSON document: ").hasSizeLessThan(200);
            return;
        }
        assertThat(tokens).isPositive();
        JsonNode node;
        try {
            node = JsonCheck.parse(text);
        } catch (StoreRefusal e) {
            // The streaming pass accepts values one after another; the document check does not.
            assertThat(e.getMessage()).startsWith("not a JSON document: more than one value");
            return;
        }
        assertThat(node).isNotNull();
        assertThat(node.isMissingNode()).isFalse();
    }
}
