package io.dsm.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.dsm.api.DsmConfigException;

/** Reads the agent's configuration file with errors that say what to change. */
final class PropertiesFile
{
    private PropertiesFile()
    {
    }

    static Properties read(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new DsmConfigException("configuration file " + file.toAbsolutePath() +
                " does not exist: pass an existing file as -javaagent:dsm-agent.jar=<file>");
        }
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            p.load(in);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new DsmConfigException("cannot read configuration file " + file + ": " + ex.getMessage());
        }
        return p;
    }
}
