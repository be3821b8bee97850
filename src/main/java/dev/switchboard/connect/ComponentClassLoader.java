package dev.switchboard.connect;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The fetched components' jars, behind Switchboard's own: a class the jar carries always comes from the jar (parent first). */
public final class ComponentClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    public ComponentClassLoader(ClassLoader parent) {
        super("switchboard-components", new URL[0], parent);
    }

    public synchronized void add(List<Path> jars) {
        List<URL> known = Arrays.asList(getURLs());
        for (Path jar : jars) {
            try {
                URL url = jar.toUri().toURL();
                if (!known.contains(url)) {
                    addURL(url);
                }
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(jar.toString(), e);
            }
        }
    }
}
