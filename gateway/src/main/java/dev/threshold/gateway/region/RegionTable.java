package dev.threshold.gateway.region;

import dev.threshold.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configured regions, validated once at start-up: a gateway with a broken region table must not start, because
 * it would only fail later, one request at a time.
 */
@Singleton
public class RegionTable {

    private static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Comparator<Region> DISPLAY_ORDER = Comparator
            .comparingInt((Region r) -> r.order().orElse(Integer.MAX_VALUE))
            .thenComparing(Region::code);

    private final Map<String, Region> byCode;
    private final List<Region> ordered;

    @Inject
    public RegionTable(GatewayConfig config) {
        this(config.regions());
    }

    RegionTable(Map<String, GatewayConfig.Region> configured) {
        List<String> errors = new ArrayList<>();
        List<Region> regions = new ArrayList<>();
        if (configured.isEmpty()) {
            errors.add("no region configured (threshold.gateway.regions.<code>.*)");
        }
        configured.forEach((code, region) -> {
            String prefix = "threshold.gateway.regions." + code;
            if (!CODE.matcher(code).matches()) {
                errors.add(prefix + ": the region code must be lower case letters, digits and dashes");
            }
            if (region.name() == null || region.name().isBlank()) {
                errors.add(prefix + ".name: must not be blank");
            }
            Map<Service, Upstream> upstreams = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                String url = switch (service) {
                    case IDENTITY -> region.identity();
                    case MFA -> region.mfa();
                    case INVITATION -> region.invitation();
                };
                try {
                    upstreams.put(service, Upstream.parse(url));
                } catch (IllegalArgumentException e) {
                    errors.add(prefix + "." + service.key() + ": '" + url + "' " + e.getMessage());
                }
            }
            if (upstreams.size() == Service.values().length) {
                regions.add(new Region(code, region.name().trim(), region.order(), upstreams));
            }
        });
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Invalid gateway configuration: " + String.join("; ", errors));
        }
        regions.sort(DISPLAY_ORDER);
        Map<String, Region> map = new LinkedHashMap<>();
        regions.forEach(r -> map.put(r.code(), r));
        this.byCode = Map.copyOf(map);
        this.ordered = List.copyOf(regions);
    }

    /** Looks a region up by code, ignoring case and surrounding blanks. */
    public Optional<Region> find(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byCode.get(code.trim().toLowerCase(Locale.ROOT)));
    }

    /** All regions in display order ({@code order}, then code). */
    public List<Region> ordered() {
        return ordered;
    }
}
