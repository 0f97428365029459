package dev.threshold.gateway.problem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;
import java.util.ResourceBundle;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMessagesTest {

    @Test
    void hasADetailInEveryShippedLanguageWhenACodeExists() {
        for (Locale locale : ProblemMessages.SUPPORTED) {
            ResourceBundle bundle = ResourceBundle.getBundle(ProblemMessages.BUNDLE, locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            for (ProblemCode code : ProblemCode.values()) {
                assertThat(bundle.containsKey(code.code())).as(code + " in " + locale).isTrue();
            }
        }
        assertThat(ProblemMessages.detail(ProblemCode.REGION_UNAVAILABLE, Locale.GERMAN))
                .isNotEqualTo(ProblemMessages.detail(ProblemCode.REGION_UNAVAILABLE, Locale.ENGLISH))
                .contains("Kürze");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL|en", "''|en", "de|de", "de-DE,de;q=0.9,en;q=0.8|de", "fr-FR,fr;q=0.9,de;q=0.5|fr",
            "sv,fr;q=0.5|fr", "sv|en", "*|en", "en-GB|en", "de;q=0,en;q=0.5|en", "garbage;;q=x|en", "DE-at|de",
            "ja-JP|ja", "nl-BE|nl", "it|it", "es-419|es"})
    void picksSupportedLanguageWhenAcceptLanguageIsGiven(String header, String expected) {
        assertThat(ProblemMessages.negotiate(header).getLanguage()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"pt-BR|pt-BR", "pt-PT,en;q=0.5|pt-BR", "pt|pt-BR"})
    void answersAnyPortugueseInBrazilianPortuguese(String header, String expected) {
        assertThat(ProblemMessages.negotiate(header).toLanguageTag()).isEqualTo(expected);
        assertThat(ProblemMessages.detail(ProblemCode.NOT_FOUND, ProblemMessages.negotiate(header))).isEqualTo("Não há nada neste endereço.");
    }

    @Test
    void namesTypeAfterCodeWhenRendered() {
        assertThat(ProblemCode.REGION_REQUIRED.code()).isEqualTo("region_required");
        assertThat(ProblemCode.REGION_REQUIRED.type()).isEqualTo("urn:threshold:problem:region_required");
        assertThat(ProblemCode.REGION_MISMATCH.status()).isEqualTo(421);
    }
}
