package io.dorastream.connector.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatadogSiteTest {

    @ParameterizedTest
    @CsvSource({
            "datadoghq.com, datadoghq.com", "us1.datadoghq.com, datadoghq.com", "US1, datadoghq.com",
            "https://api.datadoghq.eu/, datadoghq.eu", "eu1.datadoghq.eu, datadoghq.eu", "eu.datadoghq.com, datadoghq.eu",
            "us3.datadoghq.com, us3.datadoghq.com", "US5.DATADOGHQ.COM, us5.datadoghq.com", "ap1.datadoghq.com, ap1.datadoghq.com",
            "ap2.datadoghq.com, ap2.datadoghq.com", "uk1.datadoghq.com, uk1.datadoghq.com" })
    void normalizesSitesAndAliases(String input, String host) {
        assertEquals(host, DatadogSite.parse(input).host());
        assertEquals("https://api." + host, DatadogSite.parse(input).apiBaseUrl());
    }

    @ParameterizedTest
    @CsvSource({ "ddog-gov.com, US1-FED", "api.ddog-gov.com, US1-FED", "US1-FED, US1-FED",
            "us2.ddog-gov.com, US2-FED", "https://api.us2.ddog-gov.com, US2-FED", "US2-FED, US2-FED" })
    void refusesGovernmentSitesNamingThemAndWhy(String input, String label) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatadogSite.parse(input));
        assertTrue(e.getMessage().contains(label), e.getMessage());
        assertTrue(e.getMessage().contains("does not offer DORA"), e.getMessage());
        assertTrue(!e.getMessage().contains("unknown"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "evil.example.com", "datadoghq.com.evil.io", "localhost", " " })
    void refusesAnyOtherHost(String input) {
        assertThrows(IllegalArgumentException.class, () -> DatadogSite.parse(input));
    }
}
