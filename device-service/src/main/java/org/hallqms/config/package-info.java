/**
 * The service's one immutable configuration: read from a file of {@code QMS_*=value} lines (usable as a
 * systemd EnvironmentFile), overridden key by key by the environment, and validated at start with one exact
 * message per bad key.
 */
package org.hallqms.config;
