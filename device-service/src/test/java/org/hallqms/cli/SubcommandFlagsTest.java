package org.hallqms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.hallqms.support.ChildService;
import org.junit.jupiter.api.Test;

/** Every subcommand of the jar answers --help with its usage, and names the flag it does not know. */
class SubcommandFlagsTest {
    private static final Map<String, ToIntFunction<String[]>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("sync-pull", org.hallqms.station.SyncPull::main);
        COMMANDS.put("device-config", org.hallqms.display.DeviceConfigTool::main);
        COMMANDS.put("simulate", org.hallqms.sim.Simulate::main);
        COMMANDS.put("estimate-sim", a -> org.hallqms.sim.EstimateSim.main(a, System.out));
        COMMANDS.put("backup", org.hallqms.store.Backup::main);
        COMMANDS.put("mqtt-acl", org.hallqms.device.MqttAclTool::main);
        COMMANDS.put("station", org.hallqms.station.console.StationConsole::main);
        COMMANDS.put("station-user", org.hallqms.station.console.StationConsole::user);
    }

    private record Ran(int exit, String out, String err) {
    }

    private static Ran run(String name, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = COMMANDS.get(name).applyAsInt(args);
            return new Ran(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void each_subcommand_prints_its_usage_for_help_and_exits_zero() {
        COMMANDS.keySet().forEach(name -> {
            for (String flag : new String[] {"--help", "-h"}) {
                Ran r = run(name, flag);
                assertThat(r.exit()).as(name + " " + flag).isZero();
                assertThat(r.out()).as(name).startsWith("usage: java -jar device-service.jar " + name).contains("--help");
                assertThat(r.err()).as(name).isEmpty();
            }
        });
    }

    @Test
    void an_unknown_flag_is_named_on_one_line_before_the_usage_and_exits_two() {
        COMMANDS.keySet().forEach(name -> {
            Ran r = run(name, "--frobnicate");
            assertThat(r.exit()).as(name).isEqualTo(Cli.USAGE);
            assertThat(r.err()).as(name).startsWith("qms " + name + ": unknown argument '--frobnicate'\n"
                    + "usage: java -jar device-service.jar " + name);
            assertThat(r.out()).as(name).isEmpty();
        });
    }

    @Test
    void a_flag_without_its_value_says_so_and_exits_two() {
        Ran r = run("backup", "--to");
        assertThat(r.exit()).isEqualTo(Cli.USAGE);
        assertThat(r.err()).startsWith("qms backup: --to needs a value\n");
        r = run("mqtt-acl");
        assertThat(r.exit()).isEqualTo(Cli.USAGE);
        assertThat(r.err()).startsWith("qms mqtt-acl: --out is required\n");
    }

    @Test
    void the_jar_hands_each_subcommand_its_flags() throws Exception {
        ChildService.Run help = ChildService.run(Map.of(), "backup", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.lines().get(0)).isEqualTo("usage: java -jar device-service.jar backup --to FILE [--data DIR] "
                + "[--force]");
        ChildService.Run wrong = ChildService.run(Map.of(), "sync-pull", "--frobnicate", "1");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.lines().get(0)).isEqualTo("qms sync-pull: unknown argument '--frobnicate'");
    }
}
