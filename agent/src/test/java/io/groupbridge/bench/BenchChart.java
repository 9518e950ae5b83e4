package io.groupbridge.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Draws the median time of every case against directory size (people + groups), both axes logarithmic, from the
 * {@code results-*.tsv} files {@link Bench} writes. Java2D only, so it runs wherever the benchmark does.
 *
 * <p>Usage: {@code BenchChart OUT.png results-S.tsv results-M.tsv ...}
 */
public final class BenchChart {

    private static final List<String> CASES = List.of("raw-read", "raw-write", "full", "noop", "incremental",
            "raw-modify", "write-back");
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2)};
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 200;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private BenchChart() {
    }

    public static void main(String[] args) throws IOException {
        // case -> entries -> median seconds; sizes sorted so that lines join them in order
        Map<String, TreeMap<Long, Double>> series = new LinkedHashMap<>();
        Map<Long, String> labels = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            Map<String, String> facts = new LinkedHashMap<>();
            List<String[]> rows = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f[0].equals("#")) {
                    facts.put(f[1], f[2]);
                } else if (f[0].equals(BenchAgent.RESULT)) {
                    rows.add(f);
                }
            }
            long entries = Long.parseLong(facts.get("people")) + Long.parseLong(facts.get("groups"));
            labels.put(entries, facts.get("size"));
            for (String[] r : rows) {
                if (CASES.contains(r[1])) {
                    series.computeIfAbsent(r[1], c -> new TreeMap<>()).put(entries, Long.parseLong(r[2]) / 1000.0);
                }
            }
        }
        ImageIO.write(draw(series, labels), "png", Path.of(args[0]).toFile());
    }

    private static BufferedImage draw(Map<String, TreeMap<Long, Double>> series, Map<Long, String> labels) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        double xMin = Math.log10(labels.keySet().stream().mapToLong(Long::longValue).min().orElse(1)) - 0.15;
        double xMax = Math.log10(labels.keySet().stream().mapToLong(Long::longValue).max().orElse(10)) + 0.15;
        double yMin = Math.floor(Math.log10(series.values().stream().flatMap(s -> s.values().stream())
                .mapToDouble(v -> Math.max(v, 0.001)).min().orElse(0.01)));
        double yMax = Math.ceil(Math.log10(series.values().stream().flatMap(s -> s.values().stream())
                .mapToDouble(Double::doubleValue).max().orElse(10)));
        if (yMax <= yMin) {
            yMax = yMin + 1;
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        final double x0 = xMin;
        final double x1 = xMax;
        final double y0 = yMin;
        final double y1 = yMax;
        java.util.function.DoubleUnaryOperator px = v -> LEFT + (Math.log10(v) - x0) / (x1 - x0) * plotW;
        java.util.function.DoubleUnaryOperator py = v -> TOP + plotH - (Math.log10(v) - y0) / (y1 - y0) * plotH;

        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 15f));
        g.drawString("groupbridge benchmarks: median time against directory size (log-log)", LEFT, 28);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        for (int e = (int) y0; e <= y1; e++) {
            double v = Math.pow(10, e);
            int y = (int) py.applyAsDouble(v);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.BLACK);
            String text = v >= 1 ? String.format(Locale.ROOT, "%.0f s", v) : String.format(Locale.ROOT, "%s s", v);
            g.drawString(text, LEFT - 8 - g.getFontMetrics().stringWidth(text), y + 4);
        }
        labels.forEach((entries, size) -> {
            int x = (int) px.applyAsDouble(entries);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, TOP, x, TOP + plotH);
            g.setColor(Color.BLACK);
            String text = size + String.format(Locale.ROOT, " (%,d entries)", entries);
            g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, TOP + plotH + 20);
        });
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("people + groups in the directory", LEFT + plotW / 2 - 90, HEIGHT - 15);

        int legendY = TOP + 10;
        for (int i = 0; i < CASES.size(); i++) {
            TreeMap<Long, Double> s = series.get(CASES.get(i));
            if (s == null) {
                continue;
            }
            g.setColor(COLORS[i]);
            boolean raw = CASES.get(i).startsWith("raw-");
            g.setStroke(raw ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f) : new BasicStroke(2.5f));
            int[] prev = null;
            for (Map.Entry<Long, Double> p : s.entrySet()) {
                int x = (int) px.applyAsDouble(p.getKey());
                int y = (int) py.applyAsDouble(Math.max(p.getValue(), Math.pow(10, y0)));
                g.fillOval(x - 4, y - 4, 8, 8);
                if (prev != null) {
                    g.drawLine(prev[0], prev[1], x, y);
                }
                prev = new int[] {x, y};
            }
            g.drawLine(LEFT + plotW + 15, legendY, LEFT + plotW + 45, legendY);
            g.setColor(Color.BLACK);
            g.drawString(CASES.get(i) + (raw ? " (baseline)" : ""), LEFT + plotW + 52, legendY + 4);
            legendY += 20;
        }
        g.dispose();
        return image;
    }
}
