package org.hallqms.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} for a subcommand: {@code @Mixin HelpOption help;}. */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
}
