package dev.threshold.common.testing;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.threshold.testing.MessageBundles;
import dev.threshold.testing.MessageBundles.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every text a service shows or sends exists in every language of the web app (test-support's
 * {@link MessageBundles}): its problem texts ({@code i18n/problems}) and the bundles it names. A
 * service applies it with one class:
 *
 * <pre>{@code
 * class MessagesTest extends MessagesRules {
 *     MessagesTest() {
 *         super(VALIDATION_MESSAGES, mail("mail/invitation"));
 *     }
 * }
 * }</pre>
 */
public abstract class MessagesRules {

    /** Bean Validation's texts (rendered by Hibernate Validator, not by MessageFormat). */
    protected static final Bundle VALIDATION_MESSAGES = new Bundle("ValidationMessages", Format.OTHER);

    /** One bundle and how its texts are rendered. */
    public record Bundle(String baseName, Format format) {
    }

    private final List<Bundle> bundles = new ArrayList<>();

    protected MessagesRules(Bundle... more) {
        bundles.add(new Bundle("i18n/problems", Format.MESSAGE_FORMAT_WITH_ARGUMENTS));
        bundles.addAll(List.of(more));
    }

    /** Texts always rendered through MessageFormat: e-mails, password rules. */
    protected static Bundle messages(String baseName) {
        return new Bundle(baseName, Format.MESSAGE_FORMAT_ALWAYS);
    }

    @TestFactory
    public Stream<DynamicTest> everyTextIsTranslatedIntoEveryLanguageOfTheWebApp() {
        return bundles.stream().map(bundle -> dynamicTest(bundle.baseName(),
                () -> MessageBundles.assertComplete(bundle.baseName(), bundle.format())));
    }
}
