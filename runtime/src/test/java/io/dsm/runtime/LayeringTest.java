package io.dsm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend one way:
 * {@code {api, barrier} ← block ← {config, metrics, transport} ← wire ← membership ← protocol ← sync ← recovery ← node ← façade}.
 * Read from the sources (imports and fully qualified names), so a file that breaks the order
 * fails here with its line and the rule it breaks.
 */
final class LayeringTest
{
    private static final Path SOURCES = Path.of("src/main/java");

    /** What each package may use besides itself and the JDK. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
        Map.entry("io.dsm.api", Set.of()),
        Map.entry("io.dsm.runtime.barrier", Set.of()),
        Map.entry("io.dsm.runtime.block", Set.of("io.dsm.api", "io.dsm.runtime.barrier")),
        Map.entry("io.dsm.runtime.config", Set.of("io.dsm.api")),
        Map.entry("io.dsm.runtime.layout", Set.of("io.dsm.api", "io.dsm.runtime.block", "io.dsm.runtime.config",
            "io.dsm.runtime.metrics")),
        Map.entry("io.dsm.runtime.metrics", Set.of()),
        Map.entry("io.dsm.runtime.transport", Set.of("io.dsm.api", "aeron", "agrona")),
        Map.entry("io.dsm.runtime.wire", Set.of("io.dsm.api", "io.dsm.runtime.block", "io.dsm.runtime.config",
            "io.dsm.runtime.metrics", "io.dsm.runtime.transport", "io.dsm.runtime.wire.codec", "aeron", "agrona")),
        Map.entry("io.dsm.runtime.membership", Set.of("io.dsm.api", "io.dsm.runtime.transport", "io.dsm.runtime.wire")),
        Map.entry("io.dsm.runtime.protocol", Set.of("io.dsm.api", "io.dsm.runtime.block", "io.dsm.runtime.config",
            "io.dsm.runtime.wire", "io.dsm.runtime.membership", "agrona")),
        Map.entry("io.dsm.runtime.sync", Set.of("io.dsm.api", "io.dsm.runtime.block", "io.dsm.runtime.config",
            "io.dsm.runtime.metrics", "io.dsm.runtime.wire", "io.dsm.runtime.membership", "io.dsm.runtime.protocol", "agrona")),
        Map.entry("io.dsm.runtime.recovery", Set.of("io.dsm.api", "io.dsm.runtime.block", "io.dsm.runtime.wire",
            "io.dsm.runtime.wire.codec", "io.dsm.runtime.membership", "io.dsm.runtime.protocol", "io.dsm.runtime.sync",
            "agrona")),
        Map.entry("io.dsm.runtime.node", Set.of("io.dsm.api", "io.dsm.runtime.block", "io.dsm.runtime.config",
            "io.dsm.runtime.metrics", "io.dsm.runtime.transport", "io.dsm.runtime.wire", "io.dsm.runtime.wire.codec",
            "io.dsm.runtime.protocol", "io.dsm.runtime.sync", "io.dsm.runtime.membership", "io.dsm.runtime.recovery",
            "io.dsm.runtime.layout", "aeron", "agrona")),
        Map.entry("io.dsm.runtime", Set.of("io.dsm.api", "io.dsm.runtime.block", "io.dsm.runtime.config",
            "io.dsm.runtime.metrics", "io.dsm.runtime.transport", "io.dsm.runtime.wire", "io.dsm.runtime.protocol",
            "io.dsm.runtime.sync", "io.dsm.runtime.membership", "io.dsm.runtime.recovery", "io.dsm.runtime.node",
            "io.dsm.runtime.layout", "aeron", "agrona")));

    private static final Pattern REFERENCE =
        Pattern.compile("\\b(io\\.dsm\\.(?:api|runtime)(?:\\.[a-z][a-z0-9]*)*|io\\.aeron|org\\.agrona)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    @Test
    void everyDependencyPointsDownTheOrder() throws IOException
    {
        final List<String> violations = new ArrayList<>();
        for (final Path file : javaFiles())
        {
            final String pkg = packageOf(file);
            final Set<String> allowed = ALLOWED.get(pkg);
            if (allowed == null)
            {
                violations.add(file + ": package " + pkg + " has no place in the order; add it to LayeringTest.ALLOWED");
                continue;
            }
            final String[] lines = withoutComments(Files.readString(file)).replaceFirst("package [\\w.]+;", "").split("\n", -1);
            for (int i = 0; i < lines.length; i++)
            {
                final Matcher m = REFERENCE.matcher(lines[i]);
                while (m.find())
                {
                    final String target = layerOf(m.group(1));
                    if (!target.equals(pkg) && !allowed.contains(target))
                    {
                        violations.add(file + ":" + (i + 1) + ": " + pkg + " must not use " + target +
                            " (it may use " + (allowed.isEmpty() ? "nothing of the product" : new TreeSet<>(allowed)) + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), violations, "dependencies that break the order {api, barrier} ← block ← {config, metrics, " +
            "transport} ← wire ← membership ← protocol ← sync ← recovery ← node ← façade:\n" + String.join("\n", violations) + "\n");
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException
    {
        final Set<Path> withoutInfo = new TreeSet<>();
        for (final Path file : javaFiles())
        {
            if (!Files.exists(file.resolveSibling("package-info.java")))
            {
                withoutInfo.add(file.getParent());
            }
        }
        assertTrue(withoutInfo.isEmpty(), "packages without a package-info.java: " + withoutInfo);
    }

    /** The layer a referenced package belongs to: the longest known package that contains it. */
    private static String layerOf(final String referenced)
    {
        if (referenced.startsWith("io.aeron"))
        {
            return "aeron";
        }
        if (referenced.startsWith("org.agrona"))
        {
            return "agrona";
        }
        if (referenced.startsWith("io.dsm.runtime.wire.codec"))
        {
            return "io.dsm.runtime.wire.codec";
        }
        String best = referenced;
        int bestLength = -1;
        for (final String known : ALLOWED.keySet())
        {
            if ((referenced.equals(known) || referenced.startsWith(known + ".")) && known.length() > bestLength)
            {
                best = known;
                bestLength = known.length();
            }
        }
        return best;
    }

    private static String packageOf(final Path file)
    {
        return SOURCES.relativize(file.getParent()).toString().replace('/', '.');
    }

    private static String withoutComments(final String source)
    {
        // keep line numbers: replace each comment by as many newlines as it spans
        final Matcher m = COMMENT.matcher(source);
        final StringBuilder sb = new StringBuilder();
        while (m.find())
        {
            m.appendReplacement(sb, "\n".repeat((int)m.group().chars().filter(c -> c == '\n').count()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static List<Path> javaFiles()
    {
        try (Stream<Path> s = Files.walk(SOURCES))
        {
            return s.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("package-info.java"))
                .sorted().collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
