package dev.courier.mail.protocol;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The one registry of mail commands: each name, its fields, and how a decoded line becomes its request. */
public enum MailVerb {
    /** Send a message. */
    EMAIL("email", "send a message", List.of("recipient", "subject", "body"),
            (sid, f) -> new MailRequest.Email(sid, f[0], f[1], f[2])),
    /** Number of messages in my inbox. */
    COUNT("count", "how many messages are in my inbox", List.of(),
            (sid, f) -> new MailRequest.Count(sid)),
    /** Every message in my inbox. */
    DUMP("dump", "show every message in my inbox, oldest first", List.of(),
            (sid, f) -> new MailRequest.Dump(sid)),
    /** The messages in my inbox from one sender. */
    GETMSG("getmsg", "show my messages from one sender", List.of("sender"),
            (sid, f) -> new MailRequest.GetMsg(sid, f[0])),
    /** Delete my messages with one subject. */
    DELMSG("delmsg", "delete my messages with that subject", List.of("subject"),
            (sid, f) -> new MailRequest.DelMsg(sid, f[0])),
    /** End the session. */
    LOGOFF("logoff", "end the session", List.of(),
            (sid, f) -> new MailRequest.Logoff(sid));

    private final String wire;
    private final String description;
    private final List<String> fields;
    private final BiFunction<String, String[], MailRequest> build;

    MailVerb(String wire, String description, List<String> fields, BiFunction<String, String[], MailRequest> build) {
        this.wire = wire;
        this.description = description;
        this.fields = fields;
        this.build = build;
    }

    /** What the command does, for a client's {@code help}. */
    public String description() {
        return description;
    }

    /** The command's name on the wire (matched without regard to case). */
    public String wire() {
        return wire;
    }

    /** The names of the fields after the command name. */
    public List<String> fields() {
        return fields;
    }

    MailRequest build(String sid, String[] f) {
        return build.apply(sid, f);
    }

    /** How to call it, for error texts. */
    public String usage() {
        return fields.isEmpty() ? wire + " takes no fields"
                : wire + " takes " + String.join(", ", fields) + " (escape ':' in a field as %3A)";
    }

    /** The verb called {@code name} (lower case), or null. */
    public static MailVerb byName(String name) {
        for (MailVerb v : values()) {
            if (v.wire.equals(name)) {
                return v;
            }
        }
        return null;
    }

    /** Every name, comma-separated. */
    public static String names() {
        return Stream.of(values()).map(MailVerb::wire).collect(Collectors.joining(", "));
    }
}
