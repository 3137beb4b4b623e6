package org.hallqms.catalog;

import java.util.List;
import java.util.Optional;

/** An applied, valid catalogue. PINs never appear here. */
public record Catalog(int v, Hall hall, List<ServiceType> services, List<CounterDef> counters,
                      List<Officer> officers, List<Device> devices, List<Reason> ratingReasons,
                      List<Reason> incompleteReasons) {

    /**
     * Why a matter could not be done (办不成事) when the catalogue names none: the four the reform asks halls to
     * count. {@code missing-material} is the one an incomplete finish with missing materials carries.
     */
    public static final List<Reason> DEFAULT_INCOMPLETE_REASONS = List.of(
            new Reason("missing-material", new Names("材料不齐", "Missing material")),
            new Reason("policy", new Names("政策不允许", "Not allowed by policy")),
            new Reason("system-down", new Names("系统故障", "System down")),
            new Reason("other", new Names("其他", "Other")));
    public static final String MISSING_MATERIAL = "missing-material";

    public record Names(String zh, String en) {
    }

    public record Hall(String name, String notice, String contact) {
    }

    /**
     * @param hours opening periods as ["HH:mm","HH:mm"] pairs in the hall's zone; empty = open all day
     * @param dailyCap tickets per business day; 0 = no cap below the 999 a three-digit number allows
     */
    public record ServiceType(String code, String prefix, Names name, List<String> materials,
                              int meanServiceMinutes, int waitTargetMinutes, int timeLimitMinutes, int dailyCap,
                              List<List<String>> hours, boolean greenChannel) {
    }

    /** @param services the service codes it serves; empty = all of them (一窗通办) */
    public record CounterDef(String id, String name, List<String> services) {
        public boolean serves(String service) {
            return services.isEmpty() || services.contains(service);
        }
    }

    public record Officer(String id, String name, String role) {
    }

    public record Device(String id, String kind, String counter) {
    }

    public record Reason(String code, Names name) {
    }

    public Optional<Reason> incompleteReason(String code) {
        return incompleteReasons.stream().filter(r -> r.code().equals(code)).findFirst();
    }

    public Optional<ServiceType> service(String code) {
        return services.stream().filter(s -> s.code().equals(code)).findFirst();
    }

    public Optional<CounterDef> counter(String id) {
        return counters.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<Officer> officer(String id) {
        return officers.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /** The service codes a counter takes tickets of, in catalogue order. */
    public List<String> servicesOf(CounterDef counter) {
        return services.stream().map(ServiceType::code).filter(counter::serves).toList();
    }
}
