package io.dorastream.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * WCAG 2.1 AA contrast of the dashboard's palette, in both themes, computed from the custom properties
 * of app.css (the light {@code :root} and the dark one of {@code prefers-color-scheme: dark}): every
 * text colour on every background it is shown on at least 4.5:1 (1.4.3), the controls' borders and the
 * focus ring at least 3:1 (1.4.11). Every colour the stylesheet gives text must be one of those checked
 * here, so a new one cannot slip past.
 */
class ContrastTest {

    private static final Pattern ROOT = Pattern.compile(":root\\s*\\{([^}]*)}");
    private static final Pattern PROPERTY = Pattern.compile("(--[\\w-]+):\\s*(#[0-9a-fA-F]{6})\\b");
    private static final Pattern TEXT_COLOUR = Pattern.compile("(?<![\\w-])color:\\s*var\\((--[\\w-]+)\\)");

    /** Colours of text, and the backgrounds text of those colours is shown on (cards, the page, info banners, hovered rows). */
    private static final List<String> TEXT = List.of("--text", "--muted", "--accent", "--better", "--worse",
            "--elite", "--high", "--medium", "--low");
    private static final List<String> TEXT_BACKGROUNDS = List.of("--bg", "--panel", "--info-bg");
    /** Text on a background of its own: warnings on their banner, the current page and primary buttons. */
    private static final List<String[]> TEXT_ON_OWN_BACKGROUND = List.of(new String[] { "--warn", "--warn-bg" },
            new String[] { "--text", "--warn-bg" }, new String[] { "--accent-text", "--accent" });
    /** What identifies a control or the focus: inputs' and buttons' borders, the focus outline. */
    private static final List<String> NON_TEXT = List.of("--control", "--accent");

    @Test
    void textMeetsAaInBothThemes() throws IOException {
        List<String> failures = new ArrayList<>();
        themes().forEach((theme, colours) -> {
            for (String fg : TEXT) {
                for (String bg : TEXT_BACKGROUNDS) {
                    check(failures, theme, colours, fg, bg, 4.5);
                }
            }
            for (String[] pair : TEXT_ON_OWN_BACKGROUND) {
                check(failures, theme, colours, pair[0], pair[1], 4.5);
            }
            for (String fg : NON_TEXT) {
                for (String bg : List.of("--bg", "--panel")) {
                    check(failures, theme, colours, fg, bg, 3.0);
                }
            }
        });
        assertEquals(List.of(), failures);
    }

    @Test
    void everyTextColourOfTheStylesheetIsChecked() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = TEXT_COLOUR.matcher(css());
        while (m.find()) {
            used.add(m.group(1));
        }
        assertTrue(used.size() >= 8, "text colours found: " + used);
        Set<String> checked = new TreeSet<>(TEXT);
        TEXT_ON_OWN_BACKGROUND.forEach(p -> checked.add(p[0]));
        used.removeAll(checked);
        assertEquals(Set.of(), used, "text colours without a contrast check");
    }

    @Test
    void ratiosAreComputedAsWcagDefinesThem() {
        assertEquals(21.0, ratio("#000000", "#ffffff"), 1e-9);
        assertEquals(1.0, ratio("#777777", "#777777"), 1e-9);
        // #767676 on white is the well-known lightest grey that passes AA (4.54:1)
        assertEquals(4.54, ratio("#767676", "#ffffff"), 0.005);
    }

    private static void check(List<String> failures, String theme, Map<String, String> colours, String fg, String bg, double min) {
        assertNotNull(colours.get(fg), theme + " " + fg);
        assertNotNull(colours.get(bg), theme + " " + bg);
        double r = ratio(colours.get(fg), colours.get(bg));
        if (r < min) {
            failures.add(String.format("%s: %s %s on %s %s is %.2f:1, below %.1f:1", theme, fg, colours.get(fg), bg, colours.get(bg), r, min));
        }
    }

    /** The light theme's colours, and the dark theme's (the light ones with the dark block's overrides). */
    private static Map<String, Map<String, String>> themes() throws IOException {
        Matcher m = ROOT.matcher(css());
        List<Map<String, String>> blocks = new ArrayList<>();
        while (m.find()) {
            Map<String, String> colours = new LinkedHashMap<>();
            Matcher p = PROPERTY.matcher(m.group(1));
            while (p.find()) {
                colours.put(p.group(1), p.group(2));
            }
            if (!colours.isEmpty()) { // (a :root block of sizes only, such as the wall screen's, sets no colour)
                blocks.add(colours);
            }
        }
        assertEquals(2, blocks.size(), "a light and a dark :root block");
        Map<String, String> dark = new LinkedHashMap<>(blocks.get(0));
        dark.putAll(blocks.get(1));
        return Map.of("light", blocks.get(0), "dark", dark);
    }

    private static String css() throws IOException {
        try (InputStream in = ContrastTest.class.getResourceAsStream("/META-INF/resources/app/app.css")) {
            assertNotNull(in, "app.css");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** WCAG's contrast ratio (L1 + 0.05) / (L2 + 0.05) of two sRGB colours. */
    static double ratio(String a, String b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            rgb[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }
}
