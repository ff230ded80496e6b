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
        return Languages.ofAcceptLanguage(context == null ? null : context.request().getHeader("Accept-Language"));
    }

}
