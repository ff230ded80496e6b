package org.newsroom.language;

import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The language of localised names in this request: the {@code lang} argument when a field has
 * one, else the best known language of the Accept-Language header, else English.
 */
@RequestScoped
public class RequestLanguage {

    @Inject
    CurrentVertxRequest request;

    private Locale fromHeader;

    public Locale resolve(String lang) {
        if (lang != null) {
            return Languages.parse(lang);
        }
        if (fromHeader == null) {
            fromHeader = acceptLanguage();
        }
        return fromHeader;
    }

    private Locale acceptLanguage() {
        RoutingContext context = request.getCurrent();
        String header = context == null ? null : context.request().getHeader("Accept-Language");
        if (header == null || header.isBlank()) {
            return Languages.DEFAULT;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                Locale locale = Languages.parseOrNull(range.getRange());
                if (locale != null) {
                    return locale;
                }
            }
        } catch (IllegalArgumentException malformedHeader) {
            // A header a browser did not write is no reason to fail the request.
        }
        return Languages.DEFAULT;
    }

}
