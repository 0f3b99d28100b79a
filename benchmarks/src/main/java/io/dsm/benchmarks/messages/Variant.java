package io.dsm.benchmarks.messages;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.dsm.api.Protocol;

/** One protocol configuration: a protocol and, for the dynamic manager, its broadcast period. */
final class Variant
{
    final Protocol protocol;
    final int broadcastEvery;
    final String label;

    Variant(final Protocol protocol, final int broadcastEvery)
    {
        this.protocol = protocol;
        this.broadcastEvery = broadcastEvery;
        this.label = protocol.configName() + (broadcastEvery == 0 ? "" : " bc" + broadcastEvery);
    }

    /**
     * Every protocol named in {@code protocols} ("all" or config names, comma-separated), the
     * dynamic manager once per broadcast period.
     */
    static List<Variant> of(final String protocols, final int[] broadcastEvery)
    {
        final List<Variant> variants = new ArrayList<>();
        for (final Protocol p : Protocol.values())
        {
            if (p == Protocol.DEFAULT ||
                !("all".equals(protocols) || Arrays.asList(protocols.split(",")).contains(p.configName())))
            {
                continue;
            }
            if (p == Protocol.IVY_DYNAMIC)
            {
                for (final int every : broadcastEvery)
                {
                    variants.add(new Variant(p, every));
                }
            }
            else
            {
                variants.add(new Variant(p, 0));
            }
        }
        if (variants.isEmpty())
        {
            throw new IllegalArgumentException("--protocols=" + protocols + " names no protocol; use config names such as ivy-dynamic");
        }
        return variants;
    }
}
