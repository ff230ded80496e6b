package org.newsroom.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.junit.jupiter.api.Test;
import org.newsroom.fulltext.Normalizer;

import io.quarkus.test.junit.QuarkusTest;

/** The Java twin must normalise exactly as the SQL function search_normalize does. */
@QuarkusTest
class SearchNormalizerTest {

    @Inject
    EntityManager em;

    @Test
    @Transactional
    void javaTwinMatchesTheSqlFunction() throws IOException {
        List<String> inputs = new ArrayList<>(List.of(
                "مائیکروسافٹ", "مائيكروسافٹ", "امريكة", "اقوامِ متحدہ", "مَائِیکرُوسافٹ", "مائیـــکروسافٹ",
                "می\u200Cخواهم", "۲۰۱۶ ٢٠١٦ २०१६ 2016", "ﻣﺎﺋﯿﮑﺮﻭﺳﺎﻓﭧ", "آ أ إ ٱ ؤ ئ ۓ ۂ ۀ ھ ہ ة ە",
                "CAFÉ Crème brûlée Straße ÆON Œuvre İstanbul ǅ ﬁ ①", "ЁЛКА Русские", "हिन्दी क़लम",
                "'رائٹرز' «quote» “quote” – — ، ؛ ؟ ۔ ٪", "ΣΟΦΟΣ", "emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u00AD\uFEFF\u2066x\u2069"));
        for (int c = 0x0600; c <= 0x06FF; c++) {
            inputs.add("x" + (char) c + "y");
        }
        for (int c = 0x00C0; c <= 0x024F; c++) {
            inputs.add(String.valueOf((char) c));
        }
        try (InputStream body = getClass().getClassLoader().getResourceAsStream("seed/000_f256c9ad06e818dc.txt")) {
            inputs.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
        for (String input : inputs) {
            String sql = (String) em.createNativeQuery("select search_normalize(:input)")
                    .setParameter("input", input).getSingleResult();
            assertEquals(sql, Normalizer.normalize(input), () -> "normalised differently: " + input);
        }
    }
}
