package dev.courier.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetTest {
    @Test
    void hostAndPort() {
        assertThat(Target.parse("example.org:9000")).isEqualTo(new Target("example.org", 9000));
        assertThat(Target.parse("localhost")).isEqualTo(new Target("localhost", 7404));
        assertThat(Target.parse("[::1]:5")).isEqualTo(new Target("::1", 5));
        assertThat(Target.parse("[::1]")).isEqualTo(new Target("::1", 7404));
        assertThat(Target.parse("fe80::1")).isEqualTo(new Target("fe80::1", 7404));
        assertThat(new Target("::1", 5)).hasToString("[::1]:5");
        assertThat(new Target("h", 5)).hasToString("h:5");
    }

    @Test
    void badTargetsSayWhy() {
        assertThatThrownBy(() -> Target.parse(":1")).hasMessageContaining("no host");
        assertThatThrownBy(() -> Target.parse("h:0")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> Target.parse("h:65536")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> Target.parse("h:x")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> Target.parse("[::1")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> Target.parse("[::1]5")).hasMessageContaining(":PORT");
    }
}
