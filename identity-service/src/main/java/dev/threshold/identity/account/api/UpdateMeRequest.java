package dev.threshold.identity.account.api;

import jakarta.validation.constraints.Size;

/** Any subset: the language of the pages and emails, and the display name. */
public record UpdateMeRequest(@Size(min = 2, max = 10) String locale, @Size(min = 1, max = 200) String name) {
}
