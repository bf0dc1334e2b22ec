package dev.courier.cli.transfer;

import dev.courier.transfer.TransferProgress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A terminal progress bar for one file: bytes, rate and ETA, first while hashing, then while sending. */
final class SendProgress implements TransferProgress, AutoCloseable {
    /** How often the bar is redrawn. */
    static final int REDRAW_MILLIS = 200;
    private static final long MIB = 1 << 20;

    private final ProgressBar bar;
    private Stage stage;

    private SendProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar named {@code name} for {@code size} bytes, drawn on {@code out} (standard error: stdout is results). */
    static SendProgress start(String name, long size, PrintStream out) {
        boolean big = size >= MIB;
        ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(size)
                .setUnit(big ? "MiB" : "KiB", big ? MIB : 1024).showSpeed()
                .setUpdateIntervalMillis(REDRAW_MILLIS).setConsumer(new ConsoleProgressBarConsumer(out)).build();
        return new SendProgress(bar);
    }

    @Override
    public void update(Stage s, long done, long total) {
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
