package dev.courier.transfer.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.transfer.store.StoreRefusal;
import java.io.IOException;

/**
 * The receiver's check of a {@code JSON} body (spec section 4): one document, nothing after it, within the named
 * limits below. Anything else, a limit passed included, is a {@link StoreRefusal} "not a JSON document: ..." that
 * the sender reads in its {@code ERR}; never an exception of the parser.
 */
public final class JsonCheck {
    /** Deepest nesting of arrays and objects (Jackson's own default, named here so it is ours). */
    public static final int MAX_NESTING_DEPTH = 1000;
    /** Longest number, in characters. */
    public static final int MAX_NUMBER_LENGTH = 1000;
    /** Longest string value, in characters (a body held in memory is at most 4 MiB by default anyway). */
    public static final int MAX_STRING_LENGTH = 20_000_000;
    /** Longest property name, in characters. */
    public static final int MAX_NAME_LENGTH = 50_000;
    /**
     * Heap a parsed document costs per token, as charged to the memory budget before the tree is built: a 4 MiB
     * body of {@code [0,0,0,...]} is two million nodes, far more than its text.
     */
    public static final long NODE_BYTES = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH).maxStringLength(MAX_STRING_LENGTH)
                    .maxNameLength(MAX_NAME_LENGTH).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonCheck() {
    }

    /** Counts the tokens of {@code text} without building anything, checking the syntax and the limits on the way. */
    public static long tokens(String text) throws StoreRefusal {
        long n = 0;
        try (JsonParser p = FACTORY.createParser(text)) {
            try {
                while (p.nextToken() != null) {
                    n++;
                }
            } catch (JsonProcessingException e) {
                // A limit's exception carries no location; the parser still knows where it stopped.
                throw refusal(e, p.currentLocation());
            }
        } catch (StoreRefusal e) {
            throw e;
        } catch (IOException e) {
            // Closing a parser over a String: nothing to fail, but the API says it may.
            throw new StoreRefusal("not a JSON document: unreadable");
        }
        if (n == 0) {
            throw new StoreRefusal("not a JSON document: empty");
        }
        return n;
    }

    /** The one document in {@code text}; the caller charged {@link #tokens} times {@link #NODE_BYTES} for it. */
    public static JsonNode parse(String text) throws StoreRefusal {
        JsonNode node;
        try (JsonParser p = MAPPER.createParser(text)) {
            try {
                node = MAPPER.readTree(p);
            } catch (JsonProcessingException e) {
                throw refusal(e, p.currentLocation());
            }
        } catch (StoreRefusal e) {
            throw e;
        } catch (IOException e) {
            throw new StoreRefusal("not a JSON document: unreadable");
        }
        if (node == null || node.isMissingNode()) {
            throw new StoreRefusal("not a JSON document: empty");
        }
        return node;
    }

    /** A short reason in our words (Jackson's may quote the body), with where, when the parser knows. */
    static StoreRefusal refusal(JsonProcessingException e, JsonLocation fallback) {
        String m = String.valueOf(e.getOriginalMessage());
        String what;
        if (e instanceof StreamConstraintsException) {
            if (m.contains("nesting depth")) {
                what = "nested deeper than " + MAX_NESTING_DEPTH;
            } else if (m.contains("Number value length")) {
                what = "a number longer than " + MAX_NUMBER_LENGTH + " characters";
            } else if (m.contains("String value length")) {
                what = "a string longer than " + MAX_STRING_LENGTH + " characters";
            } else if (m.contains("Name length")) {
                what = "a name longer than " + MAX_NAME_LENGTH + " characters";
            } else {
                what = "a limit passed";
            }
        } else if (m.contains("Trailing token")) {
            what = "more than one value";
        } else if (m.contains("end-of-input") || m.contains("No content")) {
            what = "ends early";
        } else {
            what = "syntax error";
        }
        JsonLocation at = e.getLocation() != null ? e.getLocation() : fallback;
        String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column "
                + at.getColumnNr() + ")";
        return new StoreRefusal("not a JSON document: " + what + where);
    }
}
