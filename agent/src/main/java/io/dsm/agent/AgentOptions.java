package io.dsm.agent;

import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import io.dsm.api.DsmConfigException;
import io.dsm.runtime.config.NodeConfig;
import io.dsm.runtime.layout.LayoutFile;
import net.bytebuddy.pool.TypePool;

/** The agent's argument, the path of a properties file or nothing, with the system properties that override it. */
final class AgentOptions
{
    private final Set<String> sharedClasses;
    private final NodeConfig nodeConfig;
    private final LayoutFile layout;

    private AgentOptions(final Set<String> sharedClasses, final NodeConfig nodeConfig, final String layoutPath)
    {
        this.sharedClasses = sharedClasses;
        this.nodeConfig = nodeConfig;
        this.layout = LayoutFile.read(layoutPath);
    }

    /** Throws {@link DsmConfigException} with what to change when the configuration is wrong. */
    static AgentOptions parse(final String args)
    {
        final AgentOptions options = read(args);
        options.requireSharedClassesOnClassPath();
        options.requireLayoutClassesOnClassPath();
        return options;
    }

    private static AgentOptions read(final String args)
    {
        final String file = args == null ? "" : args.trim();
        final String systemShared = System.getProperty(NodeConfig.SHARED_CLASSES, "");
        final String systemLayout = System.getProperty(NodeConfig.LAYOUT_FILE, "");
        if (file.isEmpty())
        {
            if (System.getProperty(NodeConfig.NODES) != null)
            {
                final NodeConfig config = NodeConfig.from(new Properties());
                return new AgentOptions(NodeConfig.parseClassNames(systemShared), config, config.layoutFile());
            }
            return new AgentOptions(NodeConfig.parseClassNames(systemShared), null, systemLayout);
        }
        final Properties p = PropertiesFile.read(Path.of(file));
        if (p.getProperty(NodeConfig.NODES) == null && System.getProperty(NodeConfig.NODES) == null)
        {
            // rewriting only: the file may name shared classes and the layout, nothing else
            for (final String key : p.stringPropertyNames())
            {
                if (!key.equals(NodeConfig.SHARED_CLASSES) && !key.equals(NodeConfig.LAYOUT_FILE))
                {
                    throw new DsmConfigException(file + " sets " + key + " but not " + NodeConfig.NODES +
                        ": add " + NodeConfig.NODES + " to start a node, or remove " + key);
                }
            }
            final String list = System.getProperty(NodeConfig.SHARED_CLASSES, p.getProperty(NodeConfig.SHARED_CLASSES, ""));
            return new AgentOptions(NodeConfig.parseClassNames(list), null,
                System.getProperty(NodeConfig.LAYOUT_FILE, p.getProperty(NodeConfig.LAYOUT_FILE, "")));
        }
        final NodeConfig config = NodeConfig.from(p);
        return new AgentOptions(config.sharedClasses(), config, config.layoutFile());
    }

    /** A misspelt class name would otherwise leave the class silently unshared. */
    private void requireSharedClassesOnClassPath()
    {
        for (final String name : sharedClasses)
        {
            if (ClassLoader.getSystemResource(name.replace('.', '/') + ".class") == null)
            {
                throw new DsmConfigException(NodeConfig.SHARED_CLASSES + " names " + name +
                    ", but no such class is on the class path: check the spelling and the package");
            }
        }
    }

    /**
     * A layout line for a class or field that is not there would otherwise leave the class silently
     * unsplit (or fail only when the class loads): checked from the class files before anything loads.
     */
    private void requireLayoutClassesOnClassPath()
    {
        final TypePool pool = TypePool.Default.ofSystemLoader();
        final SharedTypes types = new SharedTypes(sharedClasses, layout);
        final SharedTypes.LoaderCache cache = types.cacheFor(ClassLoader.getSystemClassLoader());
        for (final String name : layout.classNames())
        {
            final TypePool.Resolution resolution = pool.describe(name);
            if (ClassLoader.getSystemResource(name.replace('.', '/') + ".class") == null || !resolution.isResolved())
            {
                throw new DsmConfigException(layout.source() + " has a line for " + name +
                    ", but no such class is on the class path: check the spelling and the package (binary names: Outer$Inner)");
            }
            if (!types.isShared(pool, cache, name))
            {
                throw new DsmConfigException(layout.source() + " has a line for " + name + ", which is not shared: annotate " +
                    "it with @io.dsm.api.Shared or list it in " + NodeConfig.SHARED_CLASSES + ", or remove the line");
            }
            // with the superclasses' blocks: throws for a field the class does not declare, or too many blocks
            types.plan(pool, cache, resolution.resolve());
            if (layout.padded(name) && restrictContended())
            {
                System.err.println("[dsm] " + layout.source() + " pads " + name + ", but this JVM runs with " +
                    "RestrictContended on and ignores the padding: add -XX:-RestrictContended");
            }
        }
    }

    private static boolean restrictContended()
    {
        try
        {
            return Boolean.parseBoolean(java.lang.management.ManagementFactory.getPlatformMXBean(
                com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("RestrictContended").getValue());
        }
        catch (final RuntimeException ex)
        {
            return false; // not HotSpot: nothing to say
        }
    }

    /** Accessors report every access to the node's profile: dsm.profile=true in the configuration or as a system property. */
    boolean profiling()
    {
        return nodeConfig != null ? nodeConfig.profile() : Boolean.getBoolean(NodeConfig.PROFILE);
    }

    LayoutFile layout()
    {
        return layout;
    }

    Set<String> sharedClasses()
    {
        return sharedClasses;
    }

    /** Null when the configuration starts no node (rewriting only). */
    NodeConfig nodeConfig()
    {
        return nodeConfig;
    }
}
