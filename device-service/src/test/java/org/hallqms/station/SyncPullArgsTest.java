package org.hallqms.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncPullArgsTest {
    @TempDir
    Path dir;

    @Test
    void every_wrong_argument_is_named_at_once() {
        assertThatThrownBy(() -> SyncPull.parse(new String[] {"--jdbc", "jdbc:mysql://x", "--hall", "bad name=ftp://x",
                "--hall", "east=http://10.0.0.5:8080", "--token", "west=abc", "--limit", "9000", "--interval", "0"}))
                .hasMessageContaining("--hall bad name=ftp://x: the name must be 1 to 64 letters")
                .hasMessageContaining("the URL must look like http://10.0.0.5:8080")
                .hasMessageContaining("--limit 9000: must be a whole number from 1 to 5000")
                .hasMessageContaining("--interval 0: must be a whole number from 1 to 86400")
                .hasMessageContaining("--jdbc: required, a PostgreSQL JDBC URL")
                .hasMessageContaining("--token: no token for hall 'east' (give --token east=@FILE)")
                .hasMessageContaining("--token west=...: no --hall named 'west'");
        assertThatThrownBy(() -> SyncPull.parse(new String[] {"--token", "@/no/such/file"}))
                .hasMessageContaining("--token @/no/such/file: cannot read the file");
        assertThatThrownBy(() -> SyncPull.parse(new String[] {"--frobnicate", "1"}))
                .hasMessageContaining("unknown argument '--frobnicate'");
    }

    @Test
    void a_token_file_serves_every_hall_and_a_named_one_overrides_it() throws Exception {
        Path all = Files.writeString(dir.resolve("all.token"), "shared-token-0123456789\n");
        Path east = Files.writeString(dir.resolve("east.token"), "east-token-0123456789\n");
        SyncPull.Options o = SyncPull.parse(new String[] {"--jdbc", "jdbc:postgresql://127.0.0.1/station", "--hall",
                "east=http://10.0.0.5:8080", "--hall", "west=https://10.0.0.6:8443/", "--token", "@" + all, "--token",
                "east=@" + east});
        assertThat(o.tokens()).containsEntry("east", "east-token-0123456789").containsEntry("west", "shared-token-0123456789");
        assertThat(o.halls().get("west").toString()).isEqualTo("https://10.0.0.6:8443/");
        assertThat(o.once()).isFalse();
        assertThat(o.intervalSeconds()).isEqualTo(30);
        assertThat(o.limit()).isEqualTo(5000);
    }
}
