/**
 * How the jar's subcommands ({@code sync-pull}, {@code device-config}, {@code simulate}, {@code estimate-sim},
 * {@code backup}, {@code mqtt-acl}) read their flags: picocli, with the hall's conventions in one place. A wrong
 * flag is one line, {@code qms NAME: what is wrong}, then the usage, exit 2; {@code --help} prints the usage,
 * exit 0; a failure while running is {@code qms NAME: message}, exit 1. The commands themselves live with the
 * feature they serve; this package knows none of them. The service's own start does not come here: it reads
 * {@code --config FILE} by hand, so a start loads no parser.
 */
package org.hallqms.cli;
