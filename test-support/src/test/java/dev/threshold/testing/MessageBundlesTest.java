package dev.threshold.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threshold.testing.MessageBundles.Format;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageBundlesTest {

    @Test
    void passesWhenEveryLanguageHasEveryKeyTranslated() {
        MessageBundles.assertComplete("bundles/complete", Format.MESSAGE_FORMAT_ALWAYS, "product");
    }

    @Test
    void namesEveryGapWhenABundleIsIncomplete() {
        assertThat(MessageBundles.gaps("bundles/broken", Format.MESSAGE_FORMAT_ALWAYS, Set.of())).containsExactlyInAnyOrder(
                "bundles/broken_de.properties: once is missing",
                "bundles/broken_fr.properties: greeting has an apostrophe MessageFormat would swallow (write '' or ’): "
                        + "Bonjour {0}, bienvenue à l'organisation {1}.",
                "bundles/broken_es.properties: once is the English text, not translated",
                "bundles/broken_it.properties is missing",
                "bundles/broken_nl.properties: greeting has placeholders [0, 2], English has [0, 1]",
                "bundles/broken_ja.properties: extra is not in English",
                "bundles/broken_pt_BR.properties: once is blank");
    }

    @Test
    void failsWithTheGapsWhenAskedToAssert() {
        assertThatThrownBy(() -> MessageBundles.assertComplete("bundles/broken", Format.OTHER))
                .isInstanceOf(AssertionError.class).hasMessageContaining("bundles/broken_it.properties is missing");
    }

    @Test
    void keysThatMayStayEnglishAreNamedByTheCaller() {
        assertThat(MessageBundles.gaps("bundles/complete", Format.MESSAGE_FORMAT_ALWAYS, Set.of()))
                .allMatch(gap -> gap.endsWith("product is the English text, not translated")).hasSize(7);
    }

    @Test
    void readsPlaceholdersOfMessageFormatAndOfValidationMessages() {
        assertThat(MessageBundles.placeholders("at most {0,number,integer} of {1}")).containsExactly("0", "1");
        assertThat(MessageBundles.placeholders("between {min} and {max}")).containsExactly("max", "min");
        assertThat(MessageBundles.fileOf("i18n/problems", "pt-BR")).isEqualTo("i18n/problems_pt_BR.properties");
        assertThat(MessageBundles.fileOf("i18n/problems", "en")).isEqualTo("i18n/problems.properties");
    }
}
