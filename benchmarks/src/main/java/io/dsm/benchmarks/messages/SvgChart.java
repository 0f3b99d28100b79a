package io.dsm.benchmarks.messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of one or more panels side by side, written as plain SVG text: x is the node count
 * (log 2 scale), y the value, one coloured line with markers per series, one legend for all panels.
 * A series value that is NaN leaves a gap.
 */
final class SvgChart
{
    private static final String[] COLOURS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#000000", "#aec7e8"};
    private static final String[] DASHES = {"", "6,3", "2,3"};
    private static final int PANEL_W = 330;
    private static final int PANEL_H = 300;
    private static final int LEFT = 50;
    private static final int TOP = 60;
    private static final int GAP = 40;
    private static final int LEGEND_W = 230;

    /** One panel: a title and its series. */
    static final class Panel
    {
        final String title;
        final List<String> names = new ArrayList<>();
        final List<double[]> values = new ArrayList<>();

        Panel(final String title)
        {
            this.title = title;
        }

        void series(final String name, final double[] ys)
        {
            names.add(name);
            values.add(ys);
        }
    }

    private final String title;
    private final int[] xs;
    private final List<Panel> panels = new ArrayList<>();
    private String note = "";

    SvgChart(final String title, final int[] xs)
    {
        this.title = title;
        this.xs = xs.clone();
    }

    Panel panel(final String panelTitle)
    {
        final Panel p = new Panel(panelTitle);
        panels.add(p);
        return p;
    }

    void note(final String text)
    {
        note = text;
    }

    String render()
    {
        final int width = LEFT + panels.size() * (PANEL_W + GAP) + LEGEND_W;
        final int height = TOP + PANEL_H + 60 + 16 * wrap(note, 150).size();
        final StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        text(s, width / 2.0, 22, "middle", 15, title);
        double yMax = 1;
        for (final Panel p : panels)
        {
            for (final double[] v : p.values)
            {
                for (final double y : v)
                {
                    if (!Double.isNaN(y))
                    {
                        yMax = Math.max(yMax, y);
                    }
                }
            }
        }
        final double step = niceStep(yMax / 6);
        yMax = Math.ceil(yMax / step) * step;
        for (int i = 0; i < panels.size(); i++)
        {
            renderPanel(s, panels.get(i), LEFT + i * (PANEL_W + GAP), yMax, step);
        }
        final int lx = LEFT + panels.size() * (PANEL_W + GAP);
        final Panel first = panels.get(0);
        for (int k = 0; k < first.names.size(); k++)
        {
            final double y = TOP + 10 + k * 18;
            s.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                lx, y, lx + 26, y, colour(k), dash(k)));
            text(s, lx + 32, y + 4, "start", 12, first.names.get(k));
        }
        final List<String> lines = wrap(note, 150);
        for (int i = 0; i < lines.size(); i++)
        {
            text(s, LEFT - 40, TOP + PANEL_H + 50 + 16 * i, "start", 11, lines.get(i));
        }
        return s.append("</svg>\n").toString();
    }

    private void renderPanel(final StringBuilder s, final Panel p, final int x0, final double yMax, final double step)
    {
        final int y0 = TOP + PANEL_H;
        text(s, x0 + PANEL_W / 2.0, TOP - 12, "middle", 12, p.title);
        s.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n", x0, TOP, PANEL_W, PANEL_H));
        for (double v = 0; v <= yMax + 1e-9; v += step)
        {
            final double y = yPos(v, yMax);
            s.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", x0, y, x0 + PANEL_W, y));
            text(s, x0 - 5, y + 4, "end", 11, Report.fmt(v));
        }
        for (final int x : xs)
        {
            text(s, x0 + xPos(x), y0 + 16, "middle", 11, String.valueOf(x));
        }
        text(s, x0 + PANEL_W / 2.0, y0 + 32, "middle", 11, "nodes");
        for (int k = 0; k < p.values.size(); k++)
        {
            final double[] v = p.values.get(k);
            final StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < xs.length; i++)
            {
                if (Double.isNaN(v[i]))
                {
                    pen = false;
                    continue;
                }
                final double x = x0 + xPos(xs[i]);
                final double y = yPos(v[i], yMax) + (k % 5 - 2) * 0.8; // a small offset so equal lines stay visible
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                pen = true;
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s n=%d: %s</title></circle>%n",
                    x, y, colour(k), escape(p.names.get(k)), xs[i], Report.fmt(v[i])));
            }
            if (path.length() > 0)
            {
                s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s/>%n",
                    path.toString().trim(), colour(k), dash(k)));
            }
        }
    }

    /** x within a panel: log 2 of the node count, spread over the panel with a margin. */
    private double xPos(final int x)
    {
        final double lo = log2(xs[0]);
        final double hi = log2(xs[xs.length - 1]);
        final double f = hi == lo ? 0.5 : (log2(x) - lo) / (hi - lo);
        return 20 + f * (PANEL_W - 40);
    }

    private static double yPos(final double v, final double yMax)
    {
        return TOP + PANEL_H - v / yMax * PANEL_H;
    }

    private static double log2(final double v)
    {
        return Math.log(v) / Math.log(2);
    }

    private static double niceStep(final double raw)
    {
        final double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (final double f : new double[] {1, 2, 5, 10})
        {
            if (f * magnitude >= raw)
            {
                return f * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String colour(final int k)
    {
        return COLOURS[k % COLOURS.length];
    }

    private static String dash(final int k)
    {
        final String d = DASHES[(k / COLOURS.length) % DASHES.length];
        return d.isEmpty() ? "" : " stroke-dasharray=\"" + d + "\"";
    }

    private static void text(final StringBuilder s, final double x, final double y, final String anchor, final int size, final String t)
    {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
            x, y, anchor, size, escape(t)));
    }

    private static String escape(final String t)
    {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static List<String> wrap(final String t, final int width)
    {
        final List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (final String word : t.split(" "))
        {
            if (line.length() + word.length() + 1 > width && line.length() > 0)
            {
                lines.add(line.toString());
                line = new StringBuilder();
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0)
        {
            lines.add(line.toString());
        }
        return lines;
    }
}
