package io.dsm.runtime.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.agrona.CloseHelper;

import io.aeron.driver.DefaultReceiveChannelEndpointSupplier;
import io.aeron.driver.DefaultSendChannelEndpointSupplier;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.media.UdpChannelTransport;

/**
 * Lets an idle node agent sleep in the kernel on the media driver's own UDP sockets, so that an
 * arriving datagram wakes it at once, as a blocking socket would, instead of after a park times
 * out. Aeron's driver polls its sockets without blocking; this registers the same channels, read
 * interest only, with a selector of its own. The selector never reads: the driver does, in the
 * agent's next duty cycle, and a datagram left unread keeps the (level-triggered) selector ready.
 *
 * <p>A woken thread also gets the CPU sooner than a yielding one: on a machine with fewer cores than
 * busy threads the scheduler preempts for a thread that wakes from sleep, while a yielding thread
 * waits for the running one's time slice to end (milliseconds).
 */
public final class SocketWait implements AutoCloseable
{
    private final Selector selector;
    /** Transports the driver opened (its conductor runs on the agent's thread or under the client lock). */
    private final ConcurrentLinkedQueue<UdpChannelTransport> opened = new ConcurrentLinkedQueue<>();
    private int registered;

    private SocketWait(final Selector selector)
    {
        this.selector = selector;
    }

    public static SocketWait open()
    {
        try
        {
            return new SocketWait(Selector.open());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open a selector for the node's sockets", ex);
        }
    }

    /** Makes the driver report every UDP endpoint it opens, to be waited on. */
    public void install(final MediaDriver.Context driver)
    {
        final DefaultReceiveChannelEndpointSupplier receive = new DefaultReceiveChannelEndpointSupplier();
        final DefaultSendChannelEndpointSupplier send = new DefaultSendChannelEndpointSupplier();
        driver
            .receiveChannelEndpointSupplier((channel, dispatcher, status, context) ->
            {
                final var endpoint = receive.newInstance(channel, dispatcher, status, context);
                opened.add(endpoint);
                return endpoint;
            })
            .sendChannelEndpointSupplier((channel, status, context) ->
            {
                final var endpoint = send.newInstance(channel, status, context);
                opened.add(endpoint);
                return endpoint;
            });
    }

    /** Sockets being waited on. */
    public int registered()
    {
        return registered;
    }

    /** Blocks until a datagram is readable, {@link #wakeup()} is called, or {@code timeoutMs} (>= 1) passes. */
    public void await(final long timeoutMs)
    {
        registerOpened();
        try
        {
            selector.select(timeoutMs);
            selector.selectedKeys().clear();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("waiting on the node's sockets failed", ex);
        }
    }

    /** Any thread: ends the current or the next {@link #await}. */
    public void wakeup()
    {
        selector.wakeup();
    }

    private void registerOpened()
    {
        if (opened.isEmpty())
        {
            return;
        }
        for (final Iterator<UdpChannelTransport> i = opened.iterator(); i.hasNext(); )
        {
            final DatagramChannel channel = i.next().receiveDatagramChannel();
            if (channel == null)
            {
                continue; // not opened yet: registered on a later wait
            }
            i.remove();
            try
            {
                if (channel.isOpen() && !channel.isBlocking() && channel.keyFor(selector) == null)
                {
                    channel.register(selector, SelectionKey.OP_READ);
                    registered++;
                }
            }
            catch (final ClosedChannelException ex)
            {
                // closed meanwhile: nothing to wait on
            }
        }
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(selector);
    }
}
