package org.newsroom.reader;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * The reader (web/, built into META-INF/resources/reader when present) is served by Quarkus as
 * static files under /reader/. This only sends /reader to /reader/, where its relative asset
 * paths resolve; without a built reader there is nothing to redirect to.
 */
@ApplicationScoped
public class ReaderRoutes {

    static final String INDEX = "META-INF/resources/reader/index.html";

    void routes(@Observes Router router) {
        if (Thread.currentThread().getContextClassLoader().getResource(INDEX) == null) {
            return;
        }
        // Vert.x matches "/reader" with or without the trailing slash: redirect only without it.
        router.route("/reader").handler(context -> {
            if (context.request().path().equals("/reader")) {
                context.redirect("/reader/");
            } else {
                context.next();
            }
        });
    }
}
