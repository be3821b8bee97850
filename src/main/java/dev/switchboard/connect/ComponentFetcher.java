package dev.switchboard.connect;

import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.tooling.maven.MavenArtifact;
import org.apache.camel.tooling.maven.MavenDownloaderImpl;
import org.apache.camel.tooling.maven.MavenResolutionException;
import org.apache.maven.settings.Settings;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.collection.DependencyCollectionContext;
import org.eclipse.aether.collection.DependencySelector;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.util.graph.selector.AndDependencySelector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetches a component and its dependencies into the components folder with Camel's own Maven downloader
 * (camel-tooling-maven, what {@code camel run} uses), skipping everything the jar already carries: those are never
 * fetched, so no second copy or other version of them is ever loaded.
 */
public final class ComponentFetcher implements AutoCloseable {

    /** Maven Central, as Camel's downloader names it. */
    public static final String CENTRAL = MavenDownloaderImpl.MAVEN_CENTRAL_REPO;

    private final MavenDownloaderImpl downloader;

    /** {@code repositories}: where to fetch from (a mirror replaces Central); {@code offline}: the folder only. */
    public ComponentFetcher(Path folder, List<String> repositories, boolean offline) {
        Settings settings = new Settings();
        settings.setLocalRepository(folder.toAbsolutePath().toString());
        settings.setOffline(offline);
        downloader = new MavenDownloaderImpl(null, null, settings);
        downloader.setOffline(offline);
        downloader.setMavenCentralEnabled(false);
        downloader.setMavenApacheSnapshotEnabled(false);
        downloader.setRepos(String.join(",", repositories));
        ServiceHelper.buildService(downloader);
        ServiceHelper.initService(downloader);
        skipWhatTheJarCarries(downloader, jarArtifacts());
    }

    /** The jars of {@code gav} and of its dependencies that the jar does not carry (downloaded if not yet here). */
    public List<Path> fetch(String gav) throws MavenResolutionException {
        return downloader.resolveArtifacts(List.of(gav), Set.of(), true, false).stream()
                .map(MavenArtifact::getFile).map(f -> f.toPath()).toList();
    }

    @Override
    public void close() {
        ServiceHelper.stopAndShutdownService(downloader);
    }

    /** {@code group:artifact} of every library in the jar, listed at build time (pom.xml, maven-dependency-plugin). */
    static Set<String> jarArtifacts() {
        Set<String> out = new HashSet<>();
        for (String[] parts : jarDependencies()) {
            out.add(parts[0] + ":" + parts[1]);
        }
        out.add("dev.switchboard:switchboard");
        return out;
    }

    /** The version of Camel the jar carries (camel-api's), which every fetched component must match. */
    static String camelVersion() {
        return jarDependencies().stream().filter(p -> p[0].equals("org.apache.camel") && p[1].equals("camel-api"))
                .map(p -> p[3]).findFirst().orElseThrow(() -> new IllegalStateException("camel-api is not in the jar"));
    }

    /** {@code group, artifact, type, version, scope} per line of switchboard/jar-dependencies.txt. */
    private static List<String[]> jarDependencies() {
        try (InputStream in = ComponentFetcher.class.getResourceAsStream("/switchboard/jar-dependencies.txt")) {
            if (in == null) {
                throw new IllegalStateException("switchboard/jar-dependencies.txt is missing from the jar (mvn package writes it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.trim().split(" ")[0].split(":")).filter(parts -> parts.length >= 5).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Camel's downloader has no option to leave artifacts out of a resolution, so its session gets one more
     * dependency selector. The field is private to camel-tooling-maven: {@code ComponentFetcherTest} fails if a
     * Camel upgrade renames it.
     */
    static void skipWhatTheJarCarries(MavenDownloaderImpl downloader, Set<String> carried) {
        try {
            Field f = MavenDownloaderImpl.class.getDeclaredField("repositorySystemSession");
            f.setAccessible(true);
            DefaultRepositorySystemSession session = (DefaultRepositorySystemSession) f.get(downloader);
            session.setDependencySelector(new AndDependencySelector(session.getDependencySelector(), new NotIn(carried)));
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("camel-tooling-maven changed: cannot configure its resolution session", e);
        }
    }

    /** Rejects a dependency the jar already has (and so everything below it, which the jar has too). */
    private record NotIn(Set<String> carried) implements DependencySelector {
        @Override
        public boolean selectDependency(Dependency dependency) {
            return !carried.contains(dependency.getArtifact().getGroupId() + ":" + dependency.getArtifact().getArtifactId());
        }

        @Override
        public DependencySelector deriveChildSelector(DependencyCollectionContext context) {
            return this;
        }
    }
}
