package io.dsm.runtime.layout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.dsm.runtime.layout.FalseSharingReport.Entry;
import io.dsm.runtime.layout.FalseSharingReport.FieldRates;

/**
 * The false-sharing report as one self-contained page: the text report's content in tables and an
 * inline SVG bar chart of ownership moves/s per hot block, coloured by verdict. No scripts and no
 * external resources, so it opens from a file or a CI artifact as it is. The markup is XHTML (every
 * element closed, only XML's five entities), so that an XML parser can check it.
 * <p>
 * The chart's bars are the {@code rect} elements of class {@code bar}, one per hot block in the
 * report's order; the legend's swatches have class {@code legend-swatch}.
 */
public final class HtmlReport
{
    private static final int ROW = 24;
    private static final int BAR_HEIGHT = 16;
    private static final int BAR_MAX = 460;
    private static final int VALUE_WIDTH = 120;
    private static final int LEGEND_HEIGHT = 28;

    private HtmlReport()
    {
    }

    /** The page for this report. */
    public static String render(final FalseSharingReport report)
    {
        final MergedProfile p = report.profile();
        final StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
            .append("<meta charset=\"utf-8\"/>\n<title>dsm false-sharing report</title>\n<style>\n")
            .append("body { font-family: sans-serif; margin: 1.5em; color: #222; }\n")
            .append("table { border-collapse: collapse; margin: 0.5em 0 1em 0; }\n")
            .append("th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }\n")
            .append("td.num { text-align: right; font-variant-numeric: tabular-nums; }\n")
            .append("th { background: #f3f3f3; }\n")
            .append("code { background: #f6f6f6; padding: 0.1em 0.3em; }\n")
            .append(".badge { color: #fff; padding: 0.1em 0.4em; border-radius: 0.3em; }\n")
            .append("svg text { font-family: sans-serif; font-size: 12px; }\n")
            .append("</style>\n</head>\n<body>\n");
        s.append("<h1>dsm false-sharing report</h1>\n");
        s.append("<table class=\"run\">\n");
        row(s, "run", LayoutOptimizer.runLine(p));
        row(s, "profiles", String.join(", ", p.sources().stream().map(LayoutOptimizer::fileName).toList()));
        row(s, "blocks", report.summary());
        if (p.nodes().size() < p.clusterSize())
        {
            row(s, "note", "only " + p.nodes().size() + " of " + p.clusterSize() +
                " nodes' profiles were given; the others' traffic is missing");
        }
        s.append("</table>\n");
        s.append("<h2>Ownership moves per second</h2>\n");
        chart(s, report.hot());
        s.append("<h2>Hot blocks</h2>\n");
        if (report.hot().isEmpty())
        {
            s.append("<p>No block is hot: every block moved less than ")
                .append(FalseSharingReport.rate(SharingVerdict.HOT_MOVES_PER_SECOND))
                .append(" times a second and no node waited on one for ")
                .append(FalseSharingReport.share(SharingVerdict.HOT_BLOCKED_SHARE)).append(" of its time.</p>\n");
        }
        else
        {
            summaryTable(s, report.hot());
        }
        int rank = 1;
        for (final Entry e : report.hot())
        {
            details(s, rank++, e, p.protocol());
        }
        s.append("<h2>Quiet blocks</h2>\n");
        if (report.quiet().isEmpty())
        {
            s.append("<p>None.</p>\n");
        }
        else
        {
            s.append("<ul class=\"quiet\">\n");
            for (final Entry e : report.quiet())
            {
                s.append("<li>").append(esc(FalseSharingReport.quietLine(e))).append("</li>\n");
            }
            s.append("</ul>\n");
        }
        s.append("</body>\n</html>\n");
        return s.toString();
    }

    private static void summaryTable(final StringBuilder s, final List<Entry> hot)
    {
        s.append("<table id=\"hot-blocks\" class=\"summary\">\n<thead><tr><th>#</th><th>class</th><th>block</th>")
            .append("<th>verdict</th><th>moves/s</th><th>messages/s</th><th>bytes/s</th><th>max blocked</th>")
            .append("</tr></thead>\n<tbody>\n");
        int rank = 1;
        for (final Entry e : hot)
        {
            s.append("<tr><td class=\"num\"><a href=\"#block-").append(rank).append("\">").append(rank)
                .append("</a></td><td>").append(esc(e.className())).append("</td><td class=\"num\">").append(e.block())
                .append("</td><td>").append(badge(e.verdict())).append("</td>");
            num(s, FalseSharingReport.rate(e.movesPerSecond()));
            num(s, FalseSharingReport.rate(e.messagesPerSecond()));
            num(s, FalseSharingReport.bytes(e.bytesPerSecond()) + "/s");
            num(s, FalseSharingReport.share(e.maxBlockedShare()));
            s.append("</tr>\n");
            rank++;
        }
        s.append("</tbody>\n</table>\n");
    }

    private static void details(final StringBuilder s, final int rank, final Entry e, final String protocol)
    {
        s.append("<div class=\"block\" id=\"block-").append(rank).append("\">\n<h3>").append(rank).append(". ")
            .append(esc(e.className())).append(", block ").append(e.block()).append(": ")
            .append(esc(e.verdict().label())).append("</h3>\n<table class=\"details\">\n");
        row(s, "fields", e.fields().isEmpty() ? "(none known)" : String.join(", ", e.fields()));
        row(s, "protocol", protocol);
        row(s, "nodes", e.nodes().isEmpty() ? "(none)" : SharingVerdict.and(e.nodes()));
        row(s, "ownership moves/s", FalseSharingReport.rate(e.movesPerSecond()));
        row(s, "messages/s", FalseSharingReport.rate(e.messagesPerSecond()));
        row(s, "bytes moved/s", FalseSharingReport.bytes(e.bytesPerSecond()) + "/s");
        row(s, "bytes per move", Double.isNaN(e.bytesPerMove()) ? "no moves" : FalseSharingReport.bytes(e.bytesPerMove()));
        final List<String> blocked = new ArrayList<>();
        e.blockedShare().forEach((n, v) -> blocked.add("node " + n + ": " + FalseSharingReport.share(v)));
        row(s, "time blocked", blocked.isEmpty() ? "-" : String.join(", ", blocked));
        s.append("</table>\n");
        if (!e.fields().isEmpty() && !e.nodes().isEmpty())
        {
            s.append("<table class=\"fields\">\n<thead><tr><th>field</th>");
            for (final int n : e.nodes())
            {
                s.append("<th>node ").append(n).append(" reads/s</th><th>node ").append(n).append(" writes/s</th>");
            }
            s.append("</tr></thead>\n<tbody>\n");
            for (final FieldRates f : e.fieldRates())
            {
                s.append("<tr><td>").append(esc(f.field())).append("</td>");
                for (final int n : e.nodes())
                {
                    num(s, FalseSharingReport.rate(f.readsPerSecond().get(n)));
                    num(s, FalseSharingReport.rate(f.writesPerSecond().get(n)));
                }
                s.append("</tr>\n");
            }
            s.append("</tbody>\n</table>\n");
        }
        s.append("<p class=\"verdict\">").append(badge(e.verdict())).append(' ')
            .append(esc(e.classification().explanation())).append("</p>\n");
        s.append("<p class=\"fix\">fix: ").append(e.fixIsLine() ? "<code>" + esc(e.fix()) + "</code>" : esc(e.fix()))
            .append("</p>\n</div>\n");
    }

    /** Horizontal bars, one per hot block in report order, labelled on the left, value on the right. */
    private static void chart(final StringBuilder s, final List<Entry> hot)
    {
        final List<String> labels = new ArrayList<>();
        int longest = 10;
        for (int i = 0; i < hot.size(); i++)
        {
            final Entry e = hot.get(i);
            final String cls = e.className();
            labels.add((i + 1) + ". " + cls.substring(cls.lastIndexOf('.') + 1) + ", block " + e.block());
            longest = Math.max(longest, labels.get(i).length());
        }
        final int labelWidth = Math.min(longest * 7 + 16, 420);
        final int width = labelWidth + BAR_MAX + VALUE_WIDTH;
        final int height = LEGEND_HEIGHT + Math.max(hot.size(), 1) * ROW + 8;
        final double max = hot.stream().mapToDouble(Entry::movesPerSecond).max().orElse(0);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"moves-chart\" width=\"").append(width)
            .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
            .append("\" role=\"img\" aria-label=\"ownership moves per second of each hot block\">\n");
        final Set<SharingVerdict> shown = EnumSet.noneOf(SharingVerdict.class);
        hot.forEach(e -> shown.add(e.verdict()));
        int x = labelWidth;
        for (final SharingVerdict v : shown)
        {
            s.append("<rect class=\"legend-swatch\" x=\"").append(x).append("\" y=\"6\" width=\"12\" height=\"12\" fill=\"")
                .append(v.colour()).append("\"/><text x=\"").append(x + 16).append("\" y=\"16\">").append(esc(v.label()))
                .append("</text>\n");
            x += 16 + v.label().length() * 7 + 18;
        }
        if (hot.isEmpty())
        {
            s.append("<text x=\"8\" y=\"").append(LEGEND_HEIGHT + 16).append("\">no hot blocks</text>\n");
        }
        for (int i = 0; i < hot.size(); i++)
        {
            final Entry e = hot.get(i);
            final int y = LEGEND_HEIGHT + i * ROW;
            final double w = max > 0 ? e.movesPerSecond() / max * BAR_MAX : 0;
            final String value = FalseSharingReport.rate(e.movesPerSecond()) + "/s";
            s.append("<text class=\"label\" x=\"").append(labelWidth - 8).append("\" y=\"").append(y + 13)
                .append("\" text-anchor=\"end\">").append(esc(labels.get(i))).append("</text>\n");
            s.append("<rect class=\"bar bar-").append(e.verdict().cssName()).append("\" x=\"").append(labelWidth)
                .append("\" y=\"").append(y + (ROW - BAR_HEIGHT) / 2 - 2).append("\" width=\"")
                .append(String.format(Locale.ROOT, "%.1f", e.movesPerSecond() > 0 ? Math.max(w, 1) : 0))
                .append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"").append(e.verdict().colour())
                .append("\"><title>").append(esc(e.className() + ", block " + e.block() + ": " + value + ", " +
                    e.verdict().label())).append("</title></rect>\n");
            s.append("<text class=\"value\" x=\"").append(String.format(Locale.ROOT, "%.1f", labelWidth + w + 6))
                .append("\" y=\"").append(y + 13).append("\">").append(esc(value)).append("</text>\n");
        }
        s.append("</svg>\n");
    }

    private static String badge(final SharingVerdict v)
    {
        return "<span class=\"badge verdict-" + v.cssName() + "\" style=\"background: " + v.colour() + "\">" +
            esc(v.label()) + "</span>";
    }

    private static void row(final StringBuilder s, final String name, final String value)
    {
        s.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static void num(final StringBuilder s, final String value)
    {
        s.append("<td class=\"num\">").append(esc(value)).append("</td>");
    }

    /** Text for XML content or a quoted attribute; characters XML forbids are dropped. */
    static String esc(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default ->
                {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                    {
                        if (c != 0xFFFE && c != 0xFFFF)
                        {
                            out.append(c);
                        }
                    }
                }
            }
        }
        return out.toString();
    }
}
