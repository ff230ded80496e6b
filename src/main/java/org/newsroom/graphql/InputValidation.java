package org.newsroom.graphql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * Checks a mutation's input with Hibernate Validator and reports every violation at once:
 * {@code BAD_USER_INPUT} with {@code extensions.violations = [{path, message}]}, paths relative to
 * the mutation's {@code input} argument (e.g. {@code input.headline}).
 */
@ApplicationScoped
public class InputValidation {

    @Inject
    Validator validator;

    public <T> void check(T input) {
        violations(input).throwIfAny();
    }

    /** The input's violations, for a mutation that adds checks of its own before it reports them all. */
    public <T> Violations violations(T input) {
        Violations violations = new Violations();
        if (input == null) {
            violations.add("input", "must not be null");
        } else {
            Set<ConstraintViolation<T>> found = validator.validate(input);
            found.stream()
                    .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString())
                            .thenComparing(ConstraintViolation::getMessage))
                    .forEach(v -> violations.add("input." + v.getPropertyPath(), v.getMessage()));
        }
        return violations;
    }

    /** Violations found by hand (offsets against the text, unknown IDs), reported like Validator's. */
    public static final class Violations {

        private final List<Map<String, Object>> items = new ArrayList<>();

        public Violations add(String path, String message) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("path", path);
            item.put("message", message);
            items.add(item);
            return this;
        }

        public boolean isEmpty() {
            return items.isEmpty();
        }

        public void throwIfAny() {
            if (items.isEmpty()) {
                return;
            }
            String summary = items.size() == 1
                    ? "Invalid input: " + items.get(0).get("path") + " " + items.get(0).get("message") + "."
                    : "Invalid input: " + items.size() + " problems, listed in extensions.violations.";
            throw new ApiException(ErrorCode.BAD_USER_INPUT, summary, Map.of("violations", List.copyOf(items)));
        }
    }
}
