package io.dsm.benchmarks.locks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A line-based TCP connection between the coordinating JVM (node 0) and one peer JVM on
 * 127.0.0.1: a command, one line of answer. It carries no dsm traffic and none of it is timed;
 * every read has a time limit, so a dead peer ends the run instead of hanging it. Nothing here
 * refers to the dsm runtime, so JVMs without the agent (the grid benchmark's Hazelcast members)
 * use it too.
 */
public final class Control implements AutoCloseable
{
    private final Socket socket;
    private final BufferedReader in;
    private final BufferedWriter out;

    Control(final Socket socket, final int readTimeoutMs)
    {
        try
        {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(readTimeoutMs);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The coordinator's side: listens on 127.0.0.1:{@code port} until {@code n - 1} peers have
     * connected (at most {@code acceptTimeoutMs} for each), each greeting with {@code hello <id>},
     * 0 &lt; id &lt; n; returns the connections indexed by id (index 0 is null).
     */
    public static Control[] acceptPeers(final int port, final int n, final int acceptTimeoutMs, final int readTimeoutMs)
        throws IOException
    {
        final Control[] peers = new Control[n];
        try (ServerSocket server = new ServerSocket())
        {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", port));
            server.setSoTimeout(acceptTimeoutMs);
            for (int i = 1; i < n; i++)
            {
                final Control c = new Control(server.accept(), readTimeoutMs);
                final String[] hello = c.receive().split(" ");
                final int id = hello.length == 2 && "hello".equals(hello[0]) ? Integer.parseInt(hello[1]) : -1;
                if (id <= 0 || id >= n || peers[id] != null)
                {
                    c.close();
                    throw new IllegalStateException("unexpected greeting from a peer: " + String.join(" ", hello));
                }
                peers[id] = c;
            }
        }
        return peers;
    }

    /** Connects to the coordinator, retrying until {@code timeoutMs} has passed. */
    public static Control connect(final int port, final long timeoutMs, final int readTimeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final Socket s = new Socket();
            try
            {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return new Control(s, readTimeoutMs);
            }
            catch (final IOException ex)
            {
                try
                {
                    s.close();
                }
                catch (final IOException ignored)
                {
                    // nothing to do
                }
                if (System.nanoTime() - deadline > 0)
                {
                    throw new UncheckedIOException("no coordinator on 127.0.0.1:" + port + " within " + timeoutMs + " ms", ex);
                }
                sleep(100);
            }
        }
    }

    public void send(final String line)
    {
        try
        {
            out.write(line);
            out.write('\n');
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The next line; fails on end of stream, on the read time limit, and on an answer starting with "error". */
    public String receive()
    {
        final String line;
        try
        {
            line = in.readLine();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("control connection: " + ex.getMessage(), ex);
        }
        if (line == null)
        {
            throw new IllegalStateException("control connection closed by the other JVM");
        }
        if (line.startsWith("error"))
        {
            throw new IllegalStateException("the peer JVM reports: " + line);
        }
        return line;
    }

    public String call(final String line)
    {
        send(line);
        return receive();
    }

    @Override
    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignored)
        {
            // closing anyway
        }
    }

    /** Numbers as one line: "1 2 3". */
    public static String join(final long[] values)
    {
        final StringBuilder sb = new StringBuilder();
        for (final long v : values)
        {
            sb.append(sb.length() == 0 ? "" : " ").append(v);
        }
        return sb.toString();
    }

    /** The numbers of a line made by {@link #join}. */
    public static long[] parse(final String line)
    {
        final String[] f = line.trim().split(" ");
        final long[] v = new long[f.length];
        for (int i = 0; i < f.length; i++)
        {
            v[i] = Long.parseLong(f[i]);
        }
        return v;
    }

    public static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
