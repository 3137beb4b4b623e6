package org.hallqms.station.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.hallqms.cli.Cli;
import org.hallqms.cli.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code station-user add NAME --jdbc URL --role station-admin|hall-leader [--hall H]}: a console user, the
 * password read from standard input (never a flag: flags show in the process list and the shell's history).
 * {@code station-user remove NAME --jdbc URL}: the user and, at once, their sessions.
 */
@Command(name = "station-user", separator = " ", sortOptions = false,
        customSynopsis = {"usage: java -jar device-service.jar station-user add NAME --jdbc URL "
                + "--role station-admin|hall-leader [--hall H] [--replace]  (password on stdin)",
            "       java -jar device-service.jar station-user remove NAME --jdbc URL"},
        description = "Adds a user of the station console, or removes one (ending their sessions at once). The "
                + "password (at least " + Passwords.MIN_LENGTH + " characters) is read from the first line of "
                + "standard input and stored only as a salted PBKDF2-SHA256 hash. A --hall the station has never "
                + "pulled is warned about on standard error (the user is still added).",
        footer = {"example: printf '%%s\\n' \"$PASSWORD\" | java -jar device-service.jar station-user add wang "
                + "--jdbc URL --role hall-leader --hall east",
            "exit status: 0 added or removed, 1 the database could not be used, the name is taken (add) or there "
                + "is no such user (remove), 2 usage"})
final class StationUserArgs implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern HALL = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    @Spec
    private CommandSpec spec;
    @Mixin
    private HelpOption help;
    @Parameters(index = "0", paramLabel = "add|remove", description = "what to do: add or remove")
    private String action;
    @Parameters(index = "1", paramLabel = "NAME", description = "the user's login name: 1 to 64 letters, digits, "
            + "'.', '_', '@' or '-'")
    private String name;
    @Option(names = "--jdbc", paramLabel = "URL", required = true, description = "the station's PostgreSQL, as for "
            + "station")
    private String jdbc;
    @Option(names = "--role", paramLabel = "ROLE",
            description = "station-admin (every hall) or hall-leader (one hall, --hall); add only")
    private String role;
    @Option(names = "--hall", paramLabel = "H", description = "the hall a hall-leader sees (the NAME of station's --hall)")
    private String hall;
    @Option(names = "--replace", description = "the user exists: set a new password, role and hall, and end their "
            + "sessions")
    private boolean replace;

    StationUserArgs(InputStream stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    static int main(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return Cli.run(new StationUserArgs(stdin, out, err), args, out, err);
    }

    @Override
    public Integer call() throws IOException, SQLException {
        List<String> problems = new ArrayList<>();
        boolean remove = "remove".equals(action);
        if (!"add".equals(action) && !remove) {
            problems.add("'" + action + "': the action is add or remove");
        }
        if (!NAME.matcher(name).matches()) {
            problems.add("NAME '" + name + "': must be 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        if (!jdbc.startsWith("jdbc:postgresql:")) {
            problems.add("--jdbc: a PostgreSQL JDBC URL such as jdbc:postgresql://127.0.0.1:5432/station");
        }
        if (remove) {
            if (role != null || hall != null || replace) {
                problems.add("remove takes only NAME and --jdbc");
            }
            if (!problems.isEmpty()) {
                throw new ParameterException(spec.commandLine(), String.join("\n  ", problems));
            }
            return remove();
        }
        User.Role r = null;
        if (role == null) {
            problems.add("--role is required: station-admin or hall-leader");
        } else {
            try {
                r = User.Role.of(role);
            } catch (IllegalArgumentException e) {
                problems.add("--role " + role + ": must be station-admin or hall-leader");
            }
        }
        if (r == User.Role.HALL_LEADER && hall == null) {
            problems.add("--hall: required for a hall-leader (the hall they see)");
        }
        if (r == User.Role.STATION_ADMIN && hall != null) {
            problems.add("--hall: a station-admin sees every hall; leave --hall out");
        }
        if (hall != null && !HALL.matcher(hall).matches()) {
            problems.add("--hall " + hall + ": must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (!problems.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("\n  ", problems));
        }
        String password = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.length() < Passwords.MIN_LENGTH || password.length() > Passwords.MAX_LENGTH) {
            throw new ParameterException(spec.commandLine(), "the password on standard input must be "
                    + Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + " characters (one line)");
        }
        try (Users users = new Users(jdbc)) {
            if (hall != null && !users.knownHall(hall)) {
                // a typo here leaves a leader with empty pages and nothing saying why
                err.println("qms station-user: warning: the station has never pulled a hall named '" + hall
                        + "' (no such --hall of station yet?); adding the user anyway");
            }
            if (!users.add(name, r, hall, Passwords.hash(password), replace)) {
                throw new IllegalStateException("user '" + name + "' exists already; add --replace to set a new "
                        + "password (this ends their sessions)");
            }
        }
        out.println("qms station-user: " + (replace ? "set " : "added ") + r.code + " '" + name + "'"
                + (hall == null ? "" : " of hall " + hall));
        return 0;
    }

    private int remove() throws SQLException {
        try (Users users = new Users(jdbc)) {
            if (!users.remove(name)) {
                throw new IllegalStateException("no user named '" + name + "'");
            }
        }
        out.println("qms station-user: removed '" + name + "' and ended their sessions");
        return 0;
    }
}
