package io.dorastream.gateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiQueryTest {

    @Test
    void filtersAreTrimmedDeduplicatedSortedAndBlanksDropped() {
        ApiQuery q = ApiQuery.builder().window("2026-03-01", "2026-04-01")
                .filters(List.of("b", "a"), Arrays.asList(" checkout ", "checkout", "", null, "api"), List.of(" "), null)
                .build();
        assertEquals(List.of("a", "b"), q.params().get("connection"));
        assertEquals(List.of("api", "checkout"), q.params().get("service"));
        assertEquals(null, q.params().get("env"));
        assertEquals("connection=a&connection=b&from=2026-03-01T00%3A00%3A00Z&service=api&service=checkout"
                + "&to=2026-04-01T00%3A00%3A00Z", q.key());
    }

    @Test
    void theSameQuestionHasTheSameKey() {
        ApiQuery a = ApiQuery.builder().window("2026-03-01", "2026-04-01").filters(null, List.of("x", "y"), null, null)
                .benchmark(null, null, null).build();
        ApiQuery b = ApiQuery.builder().window("2026-03-01T01:00:00+01:00", "2026-04-01T00:00:00Z")
                .filters(List.of(), List.of("y", "x", "y"), List.of(""), List.of())
                .benchmark("dora-2025", "", null).build(); // the default, named, with its default group
        assertEquals(a.key(), b.key());
    }

    /** Under a benchmark with scores the default group is passed on explicitly: one key for both spellings. */
    @Test
    void theDefaultComparisonGroupHasTheKeyOfItsExplicitSpelling() {
        ApiQuery a = ApiQuery.builder().benchmark("dora-2025", null, null).build();
        ApiQuery b = ApiQuery.builder().benchmark(" dora-2025 ", " all ", "").build();
        assertEquals(a.key(), b.key());
        assertEquals("benchmark=dora-2025&industry=all", a.key());
        assertEquals("benchmark=dora-2025&orgSize=solo", ApiQuery.builder().benchmark("dora-2025", null, "solo").build().key());
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> ApiQuery.builder().benchmark("dora-2023", "technology", null).build());
        assertEquals(List.of("industry"), List.copyOf(e.errors().keySet()));
    }

    @Test
    void everyOffenceIsCollected() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> ApiQuery.builder()
                .window(null, "2026-04-01").filters(null, null, null, null)
                .oneOf("interval", "hour", null, List.of("day")).limit("0", 100, 500).flag("failed", "yes").cursor("x".repeat(2049))
                .build());
        assertEquals(List.of("from", "interval", "limit", "failed", "cursor"), List.copyOf(e.errors().keySet()));
        assertEquals("invalid query parameters: from, interval, limit, failed, cursor", e.getMessage());
    }

    @Test
    void onlyWindowErrorsKeepTheWindowsMessage() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> ApiQuery.builder().window("2026-04-01", "2026-03-01").build());
        assertEquals("from must be before to", e.getMessage());
        assertEquals(Map.of("from", "must be before to"), e.errors());
    }

    @Test
    void tooManyOrTooLongFilterValuesAreRefused() {
        List<String> many = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "s" + i).toList();
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> ApiQuery.builder().filters(null, many, List.of("e".repeat(201)), null).build());
        assertEquals(Map.of("service", "at most 100 values", "env", "values are at most 200 characters long"), e.errors());
    }

    @Test
    void limitsAndFlags() {
        assertEquals(List.of("100"), ApiQuery.builder().limit(null, 100, 500).build().params().get("limit"));
        assertEquals(List.of("500"), ApiQuery.builder().limit(" 500 ", 100, 500).build().params().get("limit"));
        assertEquals(List.of("true"), ApiQuery.builder().flag("failed", "true").build().params().get("failed"));
        assertEquals(null, ApiQuery.builder().flag("failed", "false").build().params().get("failed"));
        assertThrows(InvalidQueryException.class, () -> ApiQuery.builder().limit("501", 100, 500).build());
    }
}
