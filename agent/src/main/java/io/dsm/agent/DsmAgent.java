package io.dsm.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import io.dsm.api.DsmConfigException;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameEndsWith;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import io.dsm.runtime.DsmNode;
import io.dsm.runtime.DsmRuntime;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.layout.LayoutFile;

/**
 * Entry point of {@code -javaagent:dsm-agent.jar[=<config file>]}: installs the field-access
 * rewriting and, when the configuration names the cluster, starts this JVM's node before main.
 */
public final class DsmAgent
{
    private DsmAgent()
    {
    }

    public static void premain(final String args, final Instrumentation inst)
    {
        try
        {
            start(args, inst);
        }
        catch (final DsmConfigException ex)
        {
            // a clear message and a clean exit instead of the JVM's native abort
            System.err.println("[dsm] bad configuration: " + ex.getMessage());
            System.exit(2);
        }
        catch (final RuntimeException ex)
        {
            System.err.println("[dsm] the node could not start: " + ex.getMessage());
            System.exit(3);
        }
    }

    /** Attaching late cannot add the state fields to classes already loaded; allowed only for classes loaded afterwards. */
    public static void agentmain(final String args, final Instrumentation inst)
    {
        premain(args, inst);
    }

    private static void start(final String args, final Instrumentation inst)
    {
        openJdkInternals(inst);
        DsmRuntime.instrumentation(inst);
        final AgentOptions options = AgentOptions.parse(args);
        LayoutFile.applied(options.layout());
        install(inst, options.sharedClasses(), options.layout(), options.profiling());
        if (options.nodeConfig() != null)
        {
            final DsmNode node = DsmNode.start(options.nodeConfig());
            DsmRuntime.install(node);
        }
    }

    /** Every class outside the JDK, the dsm runtime and test tooling goes through the {@link RewritePipeline}. */
    static void install(final Instrumentation inst, final Set<String> sharedClasses, final LayoutFile layout,
        final boolean profiling)
    {
        final SharedTypes types = new SharedTypes(sharedClasses, layout, profiling);
        new AgentBuilder.Default()
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.RedefinitionStrategy.DISABLED)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(AgentBuilder.PoolStrategy.Default.FAST)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
            .with(AgentBuilder.Listener.StreamWriting.toSystemError().withErrorsOnly())
            .ignore(any(), isBootstrapClassLoader())
            .or(neverRewritten())
            .type(any())
            .transform((builder, type, loader, module, protectionDomain) ->
                builder.visit(new RewritePipeline(types, types.cacheFor(loader))))
            .installOn(inst);
    }

    /** The JDK, the runtime and its libraries, test and build tooling, and generated types. */
    private static ElementMatcher.Junction<TypeDescription> neverRewritten()
    {
        return nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
            .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
            .or(nameStartsWith("io.dsm.runtime.")).or(nameStartsWith("io.dsm.agent."))
            .or(nameStartsWith("io.dsm.api.")).or(nameStartsWith("io.dsm.shaded."))
            .or(nameStartsWith("net.bytebuddy.")).or(nameStartsWith("io.aeron.")).or(nameStartsWith("org.agrona."))
            .or(nameStartsWith("org.junit.")).or(nameStartsWith("org.opentest4j.")).or(nameStartsWith("org.apiguardian."))
            .or(nameStartsWith("org.apache.maven.")).or(nameStartsWith("org.openjdk.jmh.")).or(nameStartsWith("org.HdrHistogram."))
            .or(nameContains("$$Lambda")).or(nameContains("$ByteBuddy$")).or(nameEndsWith("package-info"))
            .or(isSynthetic());
    }

    /** Agrona and Aeron need jdk.internal.misc and a few opens; grant them so users need no JVM flags. */
    private static void openJdkInternals(final Instrumentation inst)
    {
        final Module javaBase = Object.class.getModule();
        final Module unnamed = DsmAgent.class.getClassLoader().getUnnamedModule();
        inst.redefineModule(javaBase, Set.of(),
            Map.of("jdk.internal.misc", Set.of(unnamed)),
            Map.of("sun.nio.ch", Set.of(unnamed), "java.util.zip", Set.of(unnamed), "java.nio", Set.of(unnamed)),
            Set.of(), Map.of());
    }
}
