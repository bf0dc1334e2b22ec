package dev.courier.cli.transfer;

import dev.courier.cli.CliFailure;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.ClientCa;
import dev.courier.transfer.TransferToken;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Reads the files of sender authentication (a client CA, a token, a client certificate and key) for serve, receive
 * and send: a file that cannot be used is a usage error of one line naming the flag, never its content.
 */
public final class AuthFiles {
    private AuthFiles() {
    }

    /** The client CA in {@code file} (null: none). */
    public static ClientCa clientCa(Path file, String flag) {
        if (file == null) {
            return null;
        }
        try {
            return ClientCa.load(file, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            throw CliFailure.usage("cannot read " + flag + " " + file + ": " + why(e));
        }
    }

    /** The token in {@code file} (null: none). */
    public static TransferToken token(Path file, String flag) {
        if (file == null) {
            return null;
        }
        try {
            return TransferToken.read(file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + flag + " " + file + ": " + why(e));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(flag + " " + file + ": " + e.getMessage());
        }
    }

    /** The client certificate and key of {@code --cert} and {@code --key} (null: none). */
    public static CertificateStore clientCertificate(Path cert, Path key) {
        if ((cert == null) != (key == null)) {
            throw CliFailure.usage("--cert and --key go together: give both or neither");
        }
        if (cert == null) {
            return null;
        }
        try {
            return CertificateStore.load(cert, key);
        } catch (IOException | RuntimeException e) {
            throw CliFailure.usage("cannot load --cert " + cert + " / --key " + key + ": " + why(e));
        }
    }

    private static String why(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }
}
