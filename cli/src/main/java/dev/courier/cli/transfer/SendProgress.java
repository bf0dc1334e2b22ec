package dev.courier.cli.transfer;

import dev.courier.cli.Printable;
import dev.courier.transfer.TransferProgress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A terminal progress bar: for one file, bytes, rate and ETA first while hashing, then while sending; for a folder
 * tree, one bar of the whole tree's bytes sent (the hashing of each file only said in the bar's message).
 */
final class SendProgress implements TransferProgress, AutoCloseable {
    /** How often the bar is redrawn. */
    static final int REDRAW_MILLIS = 200;
    private static final long MIB = 1 << 20;

    private final ProgressBar bar;
    private final boolean tree;
    private Stage stage;

    private SendProgress(ProgressBar bar, boolean tree) {
        this.bar = bar;
        this.tree = tree;
    }

    /** A bar named {@code name} for {@code size} bytes, drawn on {@code out} (standard error: stdout is results). */
    static SendProgress start(String name, long size, PrintStream out) {
        return new SendProgress(bar(name, size, out), false);
    }

    /** One bar for a whole tree of {@code bytes} bytes, named {@code name}, drawn on {@code out}. */
    static SendProgress tree(String name, long bytes, PrintStream out) {
        return new SendProgress(bar(name, bytes, out), true);
    }

    private static ProgressBar bar(String name, long size, PrintStream out) {
        boolean big = size >= MIB;
        return new ProgressBarBuilder().setTaskName(Printable.line(name)).setInitialMax(size)
                .setUnit(big ? "MiB" : "KiB", big ? MIB : 1024).showSpeed()
                .setUpdateIntervalMillis(REDRAW_MILLIS).setConsumer(new ConsoleProgressBarConsumer(out)).build();
    }

    @Override
    public void update(Stage s, long done, long total) {
        if (tree) {
            // The tree's bar counts bytes sent; a file's hashing pass shows only as the message.
            if (s != stage) {
                stage = s;
                bar.setExtraMessage(s == Stage.HASHING ? " hashing" : " sending");
            }
            if (s == Stage.SENDING) {
                bar.stepTo(done);
            }
            return;
        }
        if (s != stage) {
            // Two passes over the file: the rate and ETA of each start afresh.
            stage = s;
            bar.reset();
            bar.maxHint(total);
            bar.setExtraMessage(s == Stage.HASHING ? " hashing" : " sending");
        }
        bar.stepTo(done);
    }

    @Override
    public void close() {
        bar.close();
    }
}
