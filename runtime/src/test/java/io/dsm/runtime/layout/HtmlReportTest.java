package io.dsm.runtime.layout;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import io.dsm.runtime.layout.MergedProfileTest.Run;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page is well-formed XHTML with a title, utf-8, tables, and one chart bar per hot block. */
class HtmlReportTest
{
    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final String SVG = "http://www.w3.org/2000/svg";

    private static Document parse(final String html) throws Exception
    {
        final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        final DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(final Document d, final String ns, final String name)
    {
        final NodeList l = d.getElementsByTagNameNS(ns, name);
        final List<Element> out = new ArrayList<>();
        for (int i = 0; i < l.getLength(); i++)
        {
            out.add((Element) l.item(i));
        }
        return out;
    }

    private static List<Element> bars(final Document d)
    {
        return elements(d, SVG, "rect").stream()
            .filter(r -> List.of(r.getAttribute("class").split(" ")).contains("bar")).toList();
    }

    @Test
    void isWellFormedWithTitleCharsetTablesAndABarPerHotBlock() throws Exception
    {
        final FalseSharingReport r = FalseSharingReportTest.report(FalseSharingReportTest.threeClasses());
        final String html = HtmlReport.render(r);
        final Document d = parse(html);
        assertEquals("html", d.getDocumentElement().getLocalName());
        assertEquals(XHTML, d.getDocumentElement().getNamespaceURI());
        assertEquals("dsm false-sharing report", elements(d, XHTML, "title").get(0).getTextContent());
        assertTrue(elements(d, XHTML, "meta").stream().anyMatch(m -> m.getAttribute("charset").equals("utf-8")));
        final List<Element> svgs = elements(d, SVG, "svg");
        assertEquals(1, svgs.size());
        final List<Element> bars = bars(d);
        assertEquals(r.hot().size(), bars.size(), "one bar per hot block");
        assertEquals(2, bars.size());
        // report order, coloured by verdict; the longest bar is the block with the most moves
        assertTrue(bars.get(0).getAttribute("class").contains("bar-migratory"), bars.get(0).getAttribute("class"));
        assertEquals(SharingVerdict.MIGRATORY.colour(), bars.get(0).getAttribute("fill"));
        assertEquals(SharingVerdict.FALSE_SHARING.colour(), bars.get(1).getAttribute("fill"));
        assertTrue(Double.parseDouble(bars.get(1).getAttribute("width")) >
            Double.parseDouble(bars.get(0).getAttribute("width")), "1,000 moves/s against 600");
        // a legend entry per verdict shown, with its label
        assertEquals(2, elements(d, SVG, "rect").stream()
            .filter(e -> e.getAttribute("class").equals("legend-swatch")).count());
        final String svgText = svgs.get(0).getTextContent();
        assertTrue(svgText.contains("false sharing") && svgText.contains("migratory"), svgText);
        assertTrue(svgText.contains("1. Counter, block 0") && svgText.contains("1,000/s"), svgText);
        // the tables: the ranking and, per hot block, details and field rates
        final List<Element> tables = elements(d, XHTML, "table");
        assertTrue(tables.stream().anyMatch(t -> t.getAttribute("id").equals("hot-blocks")));
        assertEquals(2, tables.stream().filter(t -> t.getAttribute("class").equals("fields")).count());
        final String body = d.getDocumentElement().getTextContent();
        assertTrue(body.contains("layout.demo.Counters = a | b"), body);
        assertTrue(body.contains("demo.Config block 1 (limit): 0.20 moves/s"), body);
    }

    @Test
    void isSelfContained() throws Exception
    {
        final String html = HtmlReport.render(FalseSharingReportTest.report(FalseSharingReportTest.threeClasses()));
        final Document d = parse(html);
        assertTrue(elements(d, XHTML, "script").isEmpty());
        assertTrue(elements(d, XHTML, "link").isEmpty());
        assertTrue(elements(d, XHTML, "img").isEmpty());
        assertFalse(html.contains("src="), "no external resources");
        assertFalse(html.replace("xmlns=\"http://www.w3.org/", "").contains("http"), "no address but the namespaces");
    }

    @Test
    void escapesWhatTheProfilesSay() throws Exception
    {
        final Run run = new Run(2, 10_000).cls("demo.Odd$<&>\"'", "a<b,c&d", "a<b", "c&d")
            .block(0, "demo.Odd$<&>\"'", 0, 500, 0).block(1, "demo.Odd$<&>\"'", 0, 500, 0)
            .access(0, "demo.Odd$<&>\"'", "0:1", "a<b", 1, 1).access(1, "demo.Odd$<&>\"'", "0:1", "c&d", 1, 1);
        final Document d = parse(HtmlReport.render(FalseSharingReportTest.report(run)));
        assertTrue(d.getDocumentElement().getTextContent().contains("layout.demo.Odd$<&>\"' = a<b | c&d"));
        assertEquals(1, bars(d).size());
    }

    @Test
    void aRunWithoutHotBlocksHasAnEmptyChart() throws Exception
    {
        final Run run = new Run(2, 10_000).cls("demo.C", "a", "a").block(0, "demo.C", 0, 1, 0);
        final Document d = parse(HtmlReport.render(FalseSharingReportTest.report(run)));
        assertEquals(0, bars(d).size());
        assertTrue(d.getDocumentElement().getTextContent().contains("No block is hot"));
    }
}
