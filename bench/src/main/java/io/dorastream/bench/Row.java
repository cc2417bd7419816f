package io.dorastream.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the result table.
 *
 * @param id        B1…B7
 * @param what      what was measured
 * @param figures   the measured figures by name, with their unit ({@code name} → figure)
 * @param units     each figure's unit
 * @param reference what the figure is compared with (empty: none)
 * @param ratio     the figure as a ratio to its reference (null: none)
 * @param target    the target, in words
 * @param met       whether the target was met (null: nothing to compare); never asserted
 * @param notes     what else a reader needs (sizes, caveats)
 */
record Row(String id, String what, Map<String, Figure> figures, Map<String, String> units, String reference, Figure ratio,
        String target, Boolean met, String notes) {

    static Builder of(String id, String what) {
        return new Builder(id, what);
    }

    static final class Builder {
        private final String id;
        private final String what;
        private final Map<String, Figure> figures = new LinkedHashMap<>();
        private final Map<String, String> units = new LinkedHashMap<>();
        private String reference = "";
        private Figure ratio;
        private String target = "";
        private Boolean met;
        private final StringBuilder notes = new StringBuilder();

        private Builder(String id, String what) {
            this.id = id;
            this.what = what;
        }

        Builder figure(String name, Figure f, String unit) {
            figures.put(name, f);
            units.put(name, unit);
            return this;
        }

        Builder reference(String value) {
            reference = value;
            return this;
        }

        Builder ratio(Figure value) {
            ratio = value;
            return this;
        }

        Builder target(String value, Boolean isMet) {
            target = value;
            met = isMet;
            return this;
        }

        Builder note(String value) {
            if (notes.length() > 0) {
                notes.append("; ");
            }
            notes.append(value);
            return this;
        }

        Row build() {
            return new Row(id, what, Collections.unmodifiableMap(new LinkedHashMap<>(figures)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(units)), reference, ratio, target, met, notes.toString());
        }
    }

    /** The target's verdict as printed. */
    String verdict() {
        return met == null ? "reported" : met ? "MET" : "MISSED";
    }
}
