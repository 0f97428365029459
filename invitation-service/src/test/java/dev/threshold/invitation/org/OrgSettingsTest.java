package dev.threshold.invitation.org;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OrgSettingsTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void readsWhatInvitationsNeedAndIgnoresTheRest() {
        OrgSettings settings = OrgSettings.parse("{\"ssoOnly\":true,\"defaultLocale\":\"ja\",\"invitationTtlDays\":3,"
                + "\"passwordPolicy\":{\"minLength\":12},\"somethingNew\":[1,2]}", mapper);
        assertThat(settings.ssoOnly()).isTrue();
        assertThat(settings.defaultLocale()).isEqualTo("ja");
        assertThat(settings.ttlDays(7, 30)).isEqualTo(3);
        assertThat(settings.passwordPolicy().path("minLength").asInt()).isEqualTo(12);
    }

    @Test
    void boundsTheInvitationLifetime() {
        assertThat(OrgSettings.parse("{\"invitationTtlDays\":90}", mapper).ttlDays(7, 30)).isEqualTo(30);
        assertThat(OrgSettings.parse("{\"invitationTtlDays\":0}", mapper).ttlDays(7, 30)).isEqualTo(7);
        assertThat(OrgSettings.parse("{\"invitationTtlDays\":\"x\"}", mapper).ttlDays(7, 30)).isEqualTo(7);
        assertThat(OrgSettings.parse("{}", mapper).ttlDays(7, 30)).isEqualTo(7);
        assertThat(OrgSettings.parse(null, mapper).ssoOnly()).isFalse();
    }
}
