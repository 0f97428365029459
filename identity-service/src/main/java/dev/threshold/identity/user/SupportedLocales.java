package dev.threshold.identity.user;

import dev.threshold.common.problem.ProblemException;
import dev.threshold.identity.problem.IdentityProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The languages of the product ({@code quarkus.locales}); a person's locale is one of them. */
@ApplicationScoped
public class SupportedLocales {

    private final List<String> locales;

    public SupportedLocales(@ConfigProperty(name = "quarkus.locales") List<String> locales) {
        this.locales = List.copyOf(locales);
    }

    /** The supported spelling of {@code locale} (case-insensitive, {@code _} or {@code -}), if supported. */
    public Optional<String> find(String locale) {
        if (locale == null) {
            return Optional.empty();
        }
        String wanted = locale.trim().replace('_', '-');
        return locales.stream().filter(l -> l.equalsIgnoreCase(wanted)).findFirst();
    }

    public String require(String locale) {
        return find(locale).orElseThrow(() -> new ProblemException(IdentityProblem.UNSUPPORTED_LOCALE,
                locale == null ? "" : locale.length() > 20 ? locale.substring(0, 20) : locale));
    }

    public List<String> all() {
        return locales;
    }
}
