package io.dorastream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The table printed, {@code latest.json} and B3's growth plot. */
final class Report {

    static final String JSON_FILE = "latest.json";
    static final String PLOT = "b3-growth.svg";
    /** The benchmarks every run must produce a row for (a run with {@code --only} produces those it names). */
    static final List<String> IDS = List.of("B1", "B2", "B3", "B4", "B5", "B6", "B7");

    private final Sizes sizes;
    private final Machine machine;
    private final Map<String, Map<String, String>> settings;
    private final List<Row> rows;
    private final List<StoreBenchmarks.GrowthPoint> growth;
    private final Duration took;

    /** {@code expected}: the ids of the rows the run was asked for, in {@link #IDS}' order. */
    Report(Sizes sizes, Machine machine, Map<String, Map<String, String>> settings, List<Row> rows,
            List<StoreBenchmarks.GrowthPoint> growth, Duration took, List<String> expected) {
        List<String> ids = rows.stream().map(Row::id).toList();
        if (!ids.equals(expected)) {
            throw new IllegalStateException("rows produced: " + ids + ", expected " + expected);
        }
        this.sizes = sizes;
        this.machine = machine;
        this.settings = settings;
        this.rows = rows;
        this.growth = growth;
        this.took = took;
    }

    void print(PrintStream out) {
        out.println();
        out.println("| id | what | figures (median, spread) | reference | ratio | target | verdict |");
        out.println("|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            StringBuilder figures = new StringBuilder();
            r.figures().forEach((name, f) -> figures.append(figures.length() == 0 ? "" : "<br>").append(name).append(": ")
                    .append(f.format(r.units().get(name))));
            out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", r.id(), r.what(), figures, r.reference().isEmpty() ? "—" : r.reference(),
                    r.ratio() == null ? "—" : r.ratio().format("×"), r.target(), r.verdict());
        }
        out.println();
        for (Row r : rows) {
            if (!r.notes().isEmpty()) {
                out.println(r.id() + ": " + r.notes());
            }
        }
        out.println("sizes: " + sizes.describe());
        out.println("machine: " + machine.summary());
        out.printf(Locale.ROOT, "took %d s%n", took.toSeconds());
    }

    /** Writes {@code latest.json} and the plot (when B3 ran) into {@code dir}; returns the JSON file. */
    Path write(Path dir) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("generatedAt", Instant.now().toString());
        root.put("sizes", sizes.describe());
        root.put("tookSeconds", took.toSeconds());
        ObjectNode m = root.putObject("machine");
        machine.facts().forEach(m::put);
        ObjectNode s = root.putObject("settings");
        new TreeMap<>(settings).forEach((service, values) -> {
            ObjectNode n = s.putObject(service);
            new TreeMap<>(values).forEach(n::put);
        });
        ArrayNode out = root.putArray("rows");
        for (Row r : rows) {
            ObjectNode n = out.addObject();
            n.put("id", r.id());
            n.put("what", r.what());
            ObjectNode figures = n.putObject("figures");
            r.figures().forEach((name, f) -> figure(figures.putObject(name), f, r.units().get(name)));
            n.put("reference", r.reference());
            if (r.ratio() != null) {
                figure(n.putObject("ratio"), r.ratio(), "×");
            } else {
                n.putNull("ratio");
            }
            n.put("target", r.target());
            n.put("verdict", r.verdict());
            n.put("notes", r.notes());
        }
        ArrayNode curve = root.putArray("b3Growth");
        for (StoreBenchmarks.GrowthPoint p : growth) {
            ObjectNode n = curve.addObject();
            n.put("deployments", p.deployments());
            figure(n.putObject("p50"), p.p50Millis(), "ms");
        }
        Path json = dir.resolve(JSON_FILE);
        try {
            Files.writeString(json, mapper.writeValueAsString(root) + "\n");
            if (!growth.isEmpty()) {
                Files.writeString(dir.resolve(PLOT), svg());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results to " + dir, e);
        }
        return json;
    }

    private static void figure(ObjectNode n, Figure f, String unit) {
        n.put("median", f.median());
        n.put("low", f.low());
        n.put("high", f.high());
        n.put("spread", f.spread());
        n.put("samples", f.samples());
        n.put("unit", unit);
    }

    /** B3's curve: p50 (with its min–max bar) against the deployments in the window, both axes from zero. */
    String svg() {
        int w = 640;
        int h = 400;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 60;
        double maxX = growth.stream().mapToLong(StoreBenchmarks.GrowthPoint::deployments).max().orElse(1);
        double first = growth.isEmpty() ? 0 : growth.get(0).p50Millis().median();
        // room for the slowest run and for the target line (2x the first point)
        double maxY = Math.max(2 * first, growth.stream().mapToDouble(p -> p.p50Millis().high()).max().orElse(1)) * 1.15;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">B3: summary p50 (concurrency 1, all services)"
                + " against deployments in the window</text>%n", left));
        int x0 = left;
        int y0 = h - bottom;
        int x1 = w - right;
        int y1 = top;
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, y0, x1, y0));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, y0, x0, y1));
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double y = y0 - (y0 - y1) * i / 4.0;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0 - 6, y + 4,
                    Figure.number(v)));
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", x0, y, x1, y));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">"
                + "p50 (ms)</text>%n", (y0 + y1) / 2, (y0 + y1) / 2));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">deployments in the window</text>%n",
                (x0 + x1) / 2, h - 16));
        // the 2x-of-the-first-point budget the target allows
        if (first > 0) {
            double y = y0 - (y0 - y1) * 2 * first / maxY;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c33\" "
                    + "stroke-dasharray=\"6 4\"/>%n", x0, y, x1, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#c33\" text-anchor=\"end\">target: 2× the first "
                    + "point</text>%n", x1, y - 5));
        }
        StringBuilder line = new StringBuilder();
        for (StoreBenchmarks.GrowthPoint p : growth) {
            double x = x0 + (x1 - x0 - 20) * p.deployments() / maxX;
            double y = y0 - (y0 - y1) * p.p50Millis().median() / maxY;
            double yl = y0 - (y0 - y1) * p.p50Millis().low() / maxY;
            double yh = y0 - (y0 - y1) * p.p50Millis().high() / maxY;
            line.append(line.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#36c\"/>%n", x, yl, x, yh));
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#36c\"/>%n", x, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%,d</text>%n", x, y0 + 16,
                    p.deployments()));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s ms</text>%n", x, yh - 6,
                    Figure.number(p.p50Millis().median())));
        }
        b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"#36c\" stroke-width=\"2\"/>%n", line));
        b.append("</svg>\n");
        return b.toString();
    }

    static void deleteTree(Path dir) {
        deleteTree(dir, null);
    }

    /** Deletes {@code dir} with all it holds but {@code keep} (null: nothing) and what {@code keep} holds. */
    static void deleteTree(Path dir, Path keep) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (keep == null || !(p.startsWith(keep) || keep.startsWith(p))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
