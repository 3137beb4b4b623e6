package org.hallqms.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Runs one subcommand (a picocli {@code @Command} object) the way every subcommand of the jar behaves. */
public final class Cli {
    /** Wrong flags or values: the exit status scripts and docs rely on. */
    public static final int USAGE = 2;
    /** The command ran and failed. */
    public static final int FAILED = 1;

    private Cli() {
    }

    public static int run(Object command, String... args) {
        return run(command, args, System.out, System.err);
    }

    /** The command's exit status; {@code --help} prints the usage on {@code out}, a wrong flag goes to {@code err}. */
    public static int run(Object command, String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(command);
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((e, a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("qms " + c.getCommandName() + ": " + message(e));
            c.getErr().print(c.getUsageMessage());
            c.getErr().flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println("qms " + c.getCommandName() + ": " + e.getMessage());
            c.getErr().flush();
            return FAILED;
        });
        return cl.execute(args);
    }

    /**
     * Reads the flags into {@code command} without running it, for a command that checks the values itself and
     * names every wrong one at once. A flag picocli cannot place is an {@link IllegalArgumentException} saying which.
     */
    public static <T> T parse(T command, String... args) {
        try {
            commandLine(command).parseArgs(args);
            return command;
        } catch (ParameterException e) {
            throw new IllegalArgumentException(message(e), e);
        }
    }

    /** The usage text of a command, as {@code --help} prints it. */
    public static String usage(Object command) {
        return commandLine(command).getUsageMessage();
    }

    private static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        // "--token @FILE" names a file the command reads, not a file of more arguments
        cl.setExpandAtFiles(false);
        // the last of a repeated flag wins, as it always did
        cl.setOverwrittenOptionsAllowed(true);
        cl.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        cl.setUsageHelpWidth(110);
        cl.setUsageHelpLongOptionsMaxWidth(28);
        // each command's synopsis starts "usage: java -jar device-service.jar NAME", as the README shows it
        cl.getCommandSpec().usageMessage().synopsisHeading("");
        return cl;
    }

    /** The hall's wording for picocli's refusals: the flag named as the user typed it. */
    static String message(ParameterException e) {
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            return "unknown argument '" + u.getUnmatched().get(0) + "'";
        }
        // a mistyped flag first: "--too FILE" should not read as "--to is required"
        if (e.getCommandLine() != null && !e.getCommandLine().getUnmatchedArguments().isEmpty()) {
            return "unknown argument '" + e.getCommandLine().getUnmatchedArguments().get(0) + "'";
        }
        if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof OptionSpec o) {
            return e.getMessage().startsWith("Missing required option")
                    ? o.longestName() + " is required" : o.longestName() + " needs a value";
        }
        return e.getMessage();
    }
}
