package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {
    @Test
    void turnsTheLeakDetectorOffWhenUnset() {
        Properties p = new Properties();
        NettyDefaults.apply(p);
        assertThat(p.getProperty(NettyDefaults.LEAK_DETECTION)).isEqualTo("disabled");
    }

    @Test
    void keepsTheUsersLevel() {
        Properties p = new Properties();
        p.setProperty(NettyDefaults.LEAK_DETECTION, "paranoid");
        NettyDefaults.apply(p);
        assertThat(p.getProperty(NettyDefaults.LEAK_DETECTION)).isEqualTo("paranoid");
    }

    @Test
    void keepsTheUsersLevelInTheOldSpelling() {
        Properties p = new Properties();
        p.setProperty(NettyDefaults.LEAK_DETECTION_OLD, "advanced");
        NettyDefaults.apply(p);
        assertThat(p.getProperty(NettyDefaults.LEAK_DETECTION)).isNull();
        assertThat(p.getProperty(NettyDefaults.LEAK_DETECTION_OLD)).isEqualTo("advanced");
    }
}
