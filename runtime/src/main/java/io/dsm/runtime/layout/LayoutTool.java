package io.dsm.runtime.layout;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.dsm.runtime.layout.ProfileReader.BadProfileException;

/**
 * The offline layout tool: merges the per-node profiles of one run, reports false sharing and
 * proposes a layout.
 * <pre>
 *   bin/dsm-layout [--layout FILE] [--report FILE] [--html FILE] [--all-classes] dsm-profile-node*.tsv
 * </pre>
 * Without an output option it prints the text report. A user's mistake (usage, a bad or
 * mismatched profile, a file it cannot write) is one message on standard error and status 2;
 * never a stack trace.
 */
public final class LayoutTool
{
    static final String USAGE = String.join("\n",
        "usage: dsm-layout [options] <profile>...",
        "  Merges the profiles the nodes of one run wrote (dsm-profile-node<id>.tsv, one per node),",
        "  reports which coherence blocks are falsely shared and proposes a layout that splits them.",
        "  With no output option the text report goes to standard output.",
        "options:",
        "  --layout <file>   write the proposed layout (java.util.Properties: layout.<class> = a,b | c)",
        "  --report <file>   write the text report",
        "  --html <file>     write the report as an HTML page with a chart",
        "  --all-classes     propose a layout for every class with a hot block, not only falsely shared ones",
        "  --help            print this and exit");

    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<Instant> clock;

    LayoutTool(final PrintStream out, final PrintStream err, final Supplier<Instant> clock)
    {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(final String[] args)
    {
        final int status = new LayoutTool(System.out, System.err, Instant::now).run(args);
        System.out.flush();
        if (status != 0)
        {
            System.exit(status);
        }
    }

    /** Runs the command; returns the exit status (0 done, 2 the user must change something). */
    int run(final String[] args)
    {
        Path layout = null;
        Path report = null;
        Path html = null;
        boolean all = false;
        final List<Path> profiles = new ArrayList<>();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String a = args[i];
                switch (a)
                {
                    case "-h", "--help" ->
                    {
                        out.println(USAGE);
                        return 0;
                    }
                    case "--layout" -> layout = path(a, args, ++i);
                    case "--report" -> report = path(a, args, ++i);
                    case "--html" -> html = path(a, args, ++i);
                    case "--all-classes" -> all = true;
                    case "--" ->
                    {
                        for (i++; i < args.length; i++)
                        {
                            profiles.add(toPath(args[i]));
                        }
                    }
                    default ->
                    {
                        if (a.startsWith("-") && a.length() > 1)
                        {
                            throw new UsageException("unknown option " + a);
                        }
                        profiles.add(toPath(a));
                    }
                }
            }
            if (profiles.isEmpty())
            {
                throw new UsageException("name the profiles to merge: the dsm-profile-node<id>.tsv of each node of one run");
            }
        }
        catch (final UsageException e)
        {
            err.println("dsm-layout: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try
        {
            final List<ProfileReader.Profile> read = new ArrayList<>();
            for (final Path p : profiles)
            {
                if (Files.isDirectory(p))
                {
                    throw new BadProfileException(p + ": a directory; name the profile files in it " +
                        "(e.g. " + p + "/dsm-profile-node*.tsv)");
                }
                read.add(ProfileReader.read(p));
            }
            final MergedProfile merged = MergedProfile.merge(read);
            final LayoutOptimizer optimizer = new LayoutOptimizer(merged, all);
            final FalseSharingReport r = new FalseSharingReport(merged, optimizer);
            if (layout == null && report == null && html == null)
            {
                out.print(r.text());
                return 0;
            }
            final List<String> wrote = new ArrayList<>();
            if (layout != null)
            {
                write(layout, optimizer.layoutFile(clock.get()));
                wrote.add("layout " + layout + " (" + optimizer.proposals().size() + " class" +
                    (optimizer.proposals().size() == 1 ? "" : "es") + ")");
            }
            if (report != null)
            {
                write(report, r.text());
                wrote.add("report " + report);
            }
            if (html != null)
            {
                write(html, HtmlReport.render(r));
                wrote.add("HTML report " + html);
            }
            out.println("dsm-layout: " + r.summary() + "; wrote " + String.join(", ", wrote));
            return 0;
        }
        catch (final BadProfileException e)
        {
            err.println("dsm-layout: " + e.getMessage());
            return 2;
        }
        catch (final IOException e)
        {
            err.println("dsm-layout: " + describe(e));
            return 2;
        }
    }

    private static Path path(final String option, final String[] args, final int i) throws UsageException
    {
        if (i >= args.length || args[i].startsWith("--"))
        {
            throw new UsageException(option + " needs a file name");
        }
        return toPath(args[i]);
    }

    private static Path toPath(final String name) throws UsageException
    {
        try
        {
            return Path.of(name);
        }
        catch (final InvalidPathException e)
        {
            throw new UsageException("not a file name: " + name);
        }
    }

    private static void write(final Path file, final String text) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
        {
            throw new IOException("cannot write " + file + ": directory " + parent + " does not exist");
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** An I/O failure in words: which file, and the system's reason. */
    private static String describe(final IOException e)
    {
        if (e instanceof FileSystemException f && f.getFile() != null)
        {
            final String reason = e instanceof NoSuchFileException ? "no such file or directory"
                : e instanceof AccessDeniedException ? "permission denied"
                : f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
            return "cannot use " + f.getFile() + ": " + reason;
        }
        return e.getMessage();
    }

    /** A mistake on the command line. */
    private static final class UsageException extends Exception
    {
        private static final long serialVersionUID = 1L;

        UsageException(final String message)
        {
            super(message);
        }
    }
}
