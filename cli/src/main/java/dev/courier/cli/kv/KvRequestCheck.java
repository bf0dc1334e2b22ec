package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.protocol.KvRequestRules;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks a one-shot command's request with the protocol's own rules before connecting, so a request the server
 * would treat as a violation (and answer by erasing the session) is refused with exit status 2 and nothing sent.
 */
final class KvRequestCheck {
    private KvRequestCheck() {
    }

    /** {@code PUT key value}. */
    static void put(String key, String value) {
        fail(KvRequestRules.textProblem("the value", value));
        fail(KvRequestRules.problem(new KvRequest.Put(key, value.getBytes(StandardCharsets.US_ASCII)),
                KvLimits.DEFAULT_MAX_MESSAGE_BYTES));
    }

    /** {@code GET key}. */
    static void get(String key) {
        fail(KvRequestRules.problem(new KvRequest.Get(key), KvLimits.DEFAULT_MAX_MESSAGE_BYTES));
    }

    /** {@code DELETE key}. */
    static void delete(String key) {
        fail(KvRequestRules.problem(new KvRequest.Delete(key), KvLimits.DEFAULT_MAX_MESSAGE_BYTES));
    }

    private static void fail(Optional<String> problem) {
        if (problem.isPresent()) {
            throw CliFailure.usage(KvFailures.invalid(problem.get()));
        }
    }
}
