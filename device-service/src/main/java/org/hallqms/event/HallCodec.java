package org.hallqms.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.hallqms.catalog.Catalog;
import org.hallqms.event.AlarmEvent.Cleared;
import org.hallqms.event.AlarmEvent.Raised;
import org.hallqms.event.AppointmentEvent.Booked;
import org.hallqms.event.AppointmentEvent.Cancelled;
import org.hallqms.event.AppointmentEvent.Missed;
import org.hallqms.event.AppointmentEvent.Source;
import org.hallqms.event.DeviceEvent.SecretSet;
import org.hallqms.event.DeviceEvent.StateChanged;
import org.hallqms.event.DeviceEvent.Status;
import org.hallqms.store.Json;

/** The JSON of alarm, appointment, catalogue and device events, as version 1 wrote it. */
final class HallCodec {
    // An older hall's catalogue may carry fields this one dropped; reading the event must not fail on them.
    private static final ObjectReader CATALOG = Json.MAPPER.readerFor(Catalog.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private HallCodec() {
    }

    static List<Kind<?>> kinds() {
        return List.of(
                new Kind<>(Raised.TYPE, Raised.class, (e, o) -> o
                        .num("alarm", e.alarm()).strIf("counter", e.counter()).wire("kind", e.kind())
                        .numIf("limitMinutes", e.limitMinutes()).strIf("number", e.number())
                        .strIf("officer", e.officer()).strIf("reason", e.reason()).strIf("service", e.service())
                        .strIf("ticket", e.ticket()),
                        in -> new Raised(in.longValue("alarm"), in.wire(AlarmEvent.Kind.class, "kind"),
                                in.str("ticket"), in.str("number"), in.str("service"), in.str("counter"),
                                in.str("officer"), in.str("reason"), in.optInt("limitMinutes"))),
                new Kind<>(Cleared.TYPE, Cleared.class, (e, o) -> o
                        .num("alarm", e.alarm()).str("by", e.by()).wire("kind", e.kind())
                        .strIf("number", e.number()).strIf("ticket", e.ticket()),
                        in -> new Cleared(in.longValue("alarm"), in.wire(AlarmEvent.Kind.class, "kind"),
                                in.str("ticket"), in.str("number"), in.str("by"))),
                new Kind<>(Booked.TYPE, Booked.class, (e, o) -> slot(e, o).wire("source", e.source()).str("to", e.to()),
                        in -> new Booked(in.str("code"), in.str("service"), in.date("day"), in.str("from"),
                                in.str("to"), in.wire(Source.class, "source"))),
                new Kind<>(Cancelled.TYPE, Cancelled.class, (e, o) -> slot(e, o).wire("source", e.source())
                        .str("to", e.to()),
                        in -> new Cancelled(in.str("code"), in.str("service"), in.date("day"), in.str("from"),
                                in.str("to"), in.wire(Source.class, "source"))),
                new Kind<>(Missed.TYPE, Missed.class, (e, o) -> slot(e, o).str("to", e.to()),
                        in -> new Missed(in.str("code"), in.str("service"), in.date("day"), in.str("from"),
                                in.str("to"))),
                new Kind<>(CatalogUpdated.TYPE, CatalogUpdated.class, (e, o) -> o
                        .raw("catalog", Json.write(e.catalog())).str("digest", e.digest()).str("source", e.source()),
                        in -> new CatalogUpdated(in.str("source"), in.str("digest"), catalog(in))),
                new Kind<>(StateChanged.TYPE, StateChanged.class, (e, o) -> o
                        .str("device", e.device()).str("fw", e.fw()).str("kind", e.kind()).wire("state", e.state()),
                        in -> new StateChanged(in.str("device"), in.wire(Status.class, "state"), in.str("kind"),
                                in.str("fw"))),
                new Kind<>(SecretSet.TYPE, SecretSet.class, (e, o) -> o.str("device", e.device()),
                        in -> new SecretSet(in.str("device"))));
    }

    /** code, day, from, service: the keys before source and to. */
    private static JsonOut slot(AppointmentEvent e, JsonOut o) {
        return o.str("code", e.code()).str("day", e.day() == null ? null : e.day().toString())
                .str("from", e.from()).str("service", e.service());
    }

    private static Catalog catalog(JsonIn in) {
        try {
            return in.node("catalog") == null ? null : CATALOG.readValue(in.node("catalog"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
