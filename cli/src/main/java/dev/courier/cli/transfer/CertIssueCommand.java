package dev.courier.cli.transfer;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.core.tls.CertificateAuthority;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code courier transfer cert issue NAME --ca-dir D}: a client certificate for one sender, and the CA if missing. */
@Command(name = "issue", sortOptions = false,
        description = {"Make a client certificate for the sender NAME (CN=NAME, for TLS client authentication) "
                + "signed by the CA in --ca-dir, making that CA first if the directory has none "
                + "(ca.crt, ca.key). Writes NAME.crt and NAME.key there; keys are mode 0600. An existing NAME is "
                + "never overwritten.",
            "Then: courier serve --transfer-tls --transfer-client-ca DIR/ca.crt, and on the sender: "
                + "courier send --tls --cert DIR/NAME.crt --key DIR/NAME.key HOST FILE."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, "1:NAME exists already in --ca-dir", ExitCodes.USAGE_HELP,
            "3:cannot write the files"})
final class CertIssueCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(index = "0", paramLabel = "NAME", description = "The sender's name: its certificate's CN and file "
            + "names (letters, digits, '.', '_', '-').")
    String name;

    @Option(names = "--ca-dir", paramLabel = "DIR", required = true,
            description = "Where the CA lives (ca.crt, ca.key; made if missing) and the new files go.")
    Path caDir;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CertificateAuthority.DEFAULT_CLIENT_DAYS,
            description = "How long the client certificate is valid, in days (default: ${DEFAULT-VALUE}).")
    int days;

    CertIssueCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String bad = CertificateAuthority.checkName(name);
        if (bad != null) {
            throw CliFailure.usage("bad NAME '" + name + "': " + bad);
        }
        if (days < 1 || days > CertificateAuthority.MAX_CLIENT_DAYS) {
            throw CliFailure.usage("--days must be 1 to " + CertificateAuthority.MAX_CLIENT_DAYS + ", not " + days);
        }
        CertificateAuthority.Issued made;
        try {
            made = CertificateAuthority.issueClient(caDir, name, days, Clock.systemUTC());
        } catch (FileAlreadyExistsException e) {
            throw new CliFailure(ExitCodes.REFUSED, e.getMessage());
        } catch (IOException e) {
            throw CliFailure.failure("cannot issue a certificate in " + caDir + ": " + e.getMessage());
        }
        if (made.caMade()) {
            io.out().println("made the CA: " + made.caCert() + " and " + caDir.resolve(CertificateAuthority.CA_KEY)
                    + " (keep ca.key secret: it signs senders)");
        }
        io.out().println("made " + made.cert() + " and " + made.key() + " for " + name + ", valid until "
                + made.notAfter());
        io.out().println("receiver: courier serve --transfer-tls --transfer-client-ca " + made.caCert());
        io.out().println("sender:   courier send --tls --cert " + made.cert() + " --key " + made.key()
                + " HOST:PORT FILE");
        io.out().flush();
        return ExitCodes.OK;
    }
}
