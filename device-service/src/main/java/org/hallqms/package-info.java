/**
 * The service as a whole: {@code Main} reads the configuration (or hands a subcommand to {@code cli}),
 * {@code Hall} wires the features by hand (store, domain, broker, HTTP, devices) and stops them in reverse;
 * {@code Problem} lists every refusal with its stable type; {@code Health} and {@code Metrics} say how the hall is;
 * {@code LogSetup} is the log's format and levels.
 *
 * <h2>Where a ticket goes, package by package</h2>
 * <pre>
 *  born     http.KioskRoutes (touch page) / gpio.KioskGpio (button)
 *             → ticket.TicketEngine.issue → ticket.Issuing (ticket.ServicePolicy: hours, daily cap)
 *             → store.Tx.append(event.TicketEvent.Issued) → commit → print.PrintService (ESC/POS slip)
 *  called   http.CounterRoutes (console) / mqtt.Gateway (keypad) / gpio.KioskGpio (next button)
 *             → one ticket.CounterCommand → ticket.CounterActions (ticket.TicketState says which moves are allowed)
 *             → store.Tx.append(event.TicketEvent.Called) → commit
 *  shown    store.Store.onCommitted hands the committed records, no re-read, to:
 *             mqtt.Announcer (window screens and main board over MQTT, lines from display.*),
 *             http.Live (the board and console pages), voice.Speaker (the board's spoken call), alarm.Alarms
 *  rated    ticket finish → rating.RatingService opens a session → mqtt.Gateway turns the evaluator's message
 *             into a rating.Rate → rating.RatingService records it (event.RatingEvent), or refuses with
 *             rating.RatingRefused, which mqtt.AckCodes turns into the device's ack code
 *  answered a 差评 or a complaint → cases.Cases opens a case in the same commit (the store's append hook);
 *             http.CaseRoutes calls back, resolves (the reply shows on http.TicketPage) or dismisses it
 *  synced   sync.SyncFeed serves the hash-chained log; station.SyncPull verifies and folds it into PostgreSQL
 * </pre>
 *
 * <h2>Who owns what</h2>
 * Each table has one owning package and others ask it: {@code tickets} → ticket, {@code counters} and
 * {@code pin_failures} → counter, {@code ratings} and {@code rating_sessions} → rating, {@code alarms} → alarm,
 * {@code cases} → cases, {@code appointments} → appointment, {@code catalog} → catalog, {@code devices} and {@code device_secrets} →
 * device, {@code events} and {@code meta} → store. The event log's JSON is written only by {@code event}'s codec.
 * Domain packages (ticket, counter, rating, alarm, cases, appointment, catalog) know nothing of MQTT or HTTP; the
 * adapters are {@code http}, {@code mqtt}, {@code gpio} and {@code print}. Schemas of the hall (SQLite) and the
 * station (PostgreSQL) go through one migration runner in {@code jdbc}. The station side ({@code station})
 * shares only the event contract and the feed client with the hall; its console ({@code station.console}) reads
 * only {@code station.StationView} and owns {@code qms_console_users} and {@code qms_console_sessions}.
 */
package org.hallqms;
