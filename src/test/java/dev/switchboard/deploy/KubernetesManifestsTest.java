package dev.switchboard.deploy;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPIngressPath;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1IngressRule;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/kubernetes/ is valid for the Kubernetes API (a schema check: no cluster runs here) and keeps the promises
 * docs/scaling.md makes: several replicas, health probes, a grace period longer than the shutdown, only documented
 * settings, placeholders for secrets, and selectors and ports that meet.
 */
class KubernetesManifestsTest {

    /** Variables for the JVM rather than Switchboard: the only ones not in docs/configuration.md. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    private static final Pattern PLACEHOLDER = Pattern.compile("REPLACE_ME|sha256:0{64}");

    private static Manifests manifests;
    private static Properties defaults;

    @BeforeAll
    static void read() throws IOException {
        manifests = Manifests.load();
        defaults = new Properties();
        defaults.load(new StringReader(Files.readString(Path.of("application.properties"))));
    }

    @Test
    void every_document_passes_the_schema_of_its_kind() {
        assertThat(manifests.all()).extracting(m -> m.model().getClass().getSimpleName()).contains("V1Deployment",
                "V1Service", "V1Ingress", "V1PodDisruptionBudget", "V1ConfigMap", "V1Secret", "Kustomization");
        assertThat(manifests.all()).extracting(Manifests.Manifest::file).containsAll(Manifests.files());
    }

    @Test
    void a_valid_deployment_passes_the_check() {
        assertThat(ManifestSchema.read(yaml(DEPLOYMENT))).isInstanceOf(V1Deployment.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            misspelt field               | 'replicas: 2'           | 'replica: 2'                   | `replica`
            wrong type                   | 'replicas: 2'           | 'replicas: "three"'            | three
            number as a string           | 'replicas: 2'           | 'replicas: "2"'                | wrong type
            string as a number           | 'value: "x"'            | 'value: 100'                   | wrong type
            missing required field       | '- name: app'           | '- stdin: false'               | required field `name`
            misspelt nested field        | 'path: /observe'        | 'paht: /observe'               | `paht`
            unknown kind                 | 'kind: Deployment'      | 'kind: Deploymnet'             | no schema
            wrong apiVersion             | 'apiVersion: apps/v1'   | 'apiVersion: extensions/v1'    | no schema
            """)
    void the_check_refuses_what_the_api_server_would(String what, String valid, String broken, String reason) {
        assertThat(DEPLOYMENT).contains(valid);
        assertThatThrownBy(() -> ManifestSchema.read(yaml(DEPLOYMENT.replace(valid, broken))))
                .isInstanceOf(ManifestSchema.InvalidManifest.class).hasMessageContaining(reason);
    }

    @Test
    void the_kustomization_check_refuses_an_unknown_field() {
        assertThatThrownBy(() -> ManifestSchema.read(yaml("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resource: [deployment.yaml]
                """))).hasMessageContaining("`resource`");
    }

    @Test
    void runs_at_least_two_replicas() {
        assertThat(deployment().getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void each_pod_names_its_claims_after_itself() {
        assertThat(container().getEnv()).filteredOn(e -> e.getName().equals("SWITCHBOARD_INSTANCE_ID"))
                .singleElement().satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name"));
    }

    @Test
    void probes_ask_the_health_endpoints_on_the_http_port() {
        V1Container c = container();
        int port = Integer.parseInt(settings().getOrDefault("SWITCHBOARD_HTTP_PORT", defaults.getProperty("switchboard.http.port")));
        assertThat(c.getPorts()).extracting(V1ContainerPort::getContainerPort).containsExactly(port);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/live");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/observe/health/live");
        for (V1Probe probe : List.of(c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe())) {
            assertThat(containerPort(probe.getHttpGet().getPort())).isEqualTo(port);
        }
    }

    @Test
    void grace_period_covers_the_pre_stop_sleep_and_camels_shutdown_timeout() {
        List<String> preStop = container().getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        long sleep = Long.parseLong(preStop.get(1));
        long shutdown = Long.parseLong(defaults.getProperty("camel.main.shutdownTimeout"));
        assertThat(sleep).isPositive();
        assertThat(pod().getTerminationGracePeriodSeconds()).isGreaterThan(sleep + shutdown);
    }

    @Test
    void disruption_budget_and_service_select_the_deployments_pods() {
        Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> selector = deployment().getSpec().getSelector().getMatchLabels();
        assertThat(podLabels).containsAllEntriesOf(selector);
        V1PodDisruptionBudget pdb = manifests.one(V1PodDisruptionBudget.class);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
        assertThat(pdb.getSpec().getSelector().getMatchExpressions()).isNullOrEmpty();
        // A budget that allows no disruption would block every node drain.
        if (pdb.getSpec().getMinAvailable() != null) {
            assertThat(pdb.getSpec().getMinAvailable().getIntValue()).isLessThan(deployment().getSpec().getReplicas());
        } else {
            assertThat(pdb.getSpec().getMaxUnavailable().getIntValue()).isPositive();
        }
        assertThat(service().getSpec().getSelector()).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(service().getSpec().getSelector());
    }

    @Test
    void ingress_sends_the_api_and_twilio_to_the_service_at_the_public_url() {
        V1Ingress ingress = manifests.one(V1Ingress.class);
        List<String> prefixes = new ArrayList<>();
        for (V1IngressRule rule : ingress.getSpec().getRules()) {
            assertThat("https://" + rule.getHost()).isEqualTo(settings().get("SWITCHBOARD_PUBLIC_URL"));
            assertThat(ingress.getSpec().getTls()).anySatisfy(tls -> assertThat(tls.getHosts()).contains(rule.getHost()));
            for (V1HTTPIngressPath path : rule.getHttp().getPaths()) {
                assertThat(path.getBackend().getService().getName()).isEqualTo(service().getMetadata().getName());
                V1ServicePort port = service().getSpec().getPorts().stream()
                        .filter(p -> Objects.equals(p.getName(), path.getBackend().getService().getPort().getName())
                                || p.getPort().equals(path.getBackend().getService().getPort().getNumber()))
                        .findFirst().orElseThrow(() -> new AssertionError("no Service port for " + path));
                assertThat(containerPort(port.getTargetPort())).isEqualTo(container().getPorts().get(0).getContainerPort());
                prefixes.add(path.getPathType().equals("Prefix") ? path.getPath() : null);
            }
        }
        // Twilio's status callbacks and inbound messages must reach a replica, or nothing is ever delivered.
        assertThat(prefixes).contains("/api", "/twilio");
    }

    @Test
    void every_variable_set_is_a_documented_setting() {
        V1Container c = container();
        Set<String> names = new TreeSet<>();
        c.getEnv().forEach(e -> names.add(e.getName()));
        for (V1EnvFromSource from : c.getEnvFrom()) {
            assertThat(from.getPrefix()).as("a prefix would rename every setting").isNull();
            if (from.getConfigMapRef() != null) {
                names.addAll(manifests.configMap(from.getConfigMapRef().getName()).getData().keySet());
            } else {
                names.addAll(manifests.secret(from.getSecretRef().getName()).getStringData().keySet());
            }
        }
        assertThat(names).contains("SWITCHBOARD_INSTANCE_ID", "SWITCHBOARD_DB_URL", "SWITCHBOARD_JMS_URL",
                "SWITCHBOARD_PUBLIC_URL", "TWILIO_AUTH_TOKEN", "SWITCHBOARD_API_KEYS");
        Set<String> documented = DocumentedSettings.names();
        assertThat(documented).hasSizeGreaterThan(70).contains("SWITCHBOARD_DB_PASSWORD", "SWITCHBOARD_TWILIO_READ_TIMEOUT_MS");
        assertThat(names).allSatisfy(n -> assertThat(documented.contains(n) || JVM_VARIABLES.contains(n))
                .as(n + " is a setting in docs/configuration.md").isTrue());
    }

    @Test
    void secrets_are_placeholders_only_and_only_in_the_secret() {
        V1Secret secret = manifests.one(V1Secret.class);
        assertThat(secret.getData()).as("base64 data would hide what is committed").isNullOrEmpty();
        assertThat(secret.getStringData()).isNotEmpty().allSatisfy((name, value) ->
                assertThat(value).as(name).matches(PLACEHOLDER));
        assertThat(settings().keySet()).noneMatch(n -> n.matches(".*(PASSWORD|TOKEN|SECRET|API_KEYS).*"));
        for (Path file : Manifests.files()) {
            assertThat(Manifests.text(file)).as(file + " holds no Twilio account or key SID")
                    .doesNotContainPattern("\\b(AC|SK)[0-9a-fA-F]{32}\\b");
        }
    }

    @Test
    void requests_and_limits_are_set_and_the_heap_fits_the_limit() {
        var resources = container().getResources();
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = resources.getRequests().get(resource);
            Quantity limit = resources.getLimits().get(resource);
            assertThat(request).as(resource + " request").isNotNull();
            assertThat(limit).as(resource + " limit").isNotNull();
            assertThat(request.getNumber()).as(resource).isLessThanOrEqualTo(limit.getNumber());
        }
        String options = container().getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
                .map(V1EnvVar::getValue).findFirst().orElseThrow();
        Matcher xmx = Pattern.compile("-Xmx(\\d+)([mg])").matcher(options);
        assertThat(xmx.find()).as("a heap set in " + options).isTrue();
        BigDecimal heap = new BigDecimal(xmx.group(1)).multiply(BigDecimal.valueOf(xmx.group(2).equals("g") ? 1L << 30 : 1L << 20));
        // bench/: a 256 MB heap peaked at 410 MB of RSS, so the rest of the JVM needs about as much again.
        assertThat(heap.multiply(BigDecimal.valueOf(2))).isLessThanOrEqualTo(resources.getLimits().get("memory").getNumber());
    }

    @Test
    void kustomization_lists_every_manifest_but_the_secret_template() {
        List<String> listed = manifests.one(ManifestSchema.Kustomization.class).resources();
        Set<String> files = new TreeSet<>();
        Manifests.files().forEach(f -> files.add(Manifests.FOLDER.relativize(f).toString()));
        files.remove("kustomization.yaml");
        assertThat(files.remove("secret.example.yaml")).isTrue();
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void mounts_match_the_image_and_the_settings() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(volumeAt(match(dockerfile, "ENV SWITCHBOARD_DATA_DIR=(\\S+)")).getEmptyDir()).isNotNull();
        assertThat(pod().getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(match(dockerfile, "--uid (\\d+)")));
        assertThat(container().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(volumeAt("/tmp").getEmptyDir()).as("the JVM and Vert.x write to /tmp").isNotNull();
        String routesDir = settings().get("SWITCHBOARD_ROUTES_DIR");
        V1Volume routes = volumeAt(routesDir);
        assertThat(routes.getConfigMap()).isNotNull();
        manifests.configMap(routes.getConfigMap().getName());
        assertThat(container().getVolumeMounts()).filteredOn(m -> m.getMountPath().equals(routesDir))
                .extracting(V1VolumeMount::getReadOnly).containsExactly(true);
    }

    @Test
    void the_routes_configmap_adds_to_the_bundled_routes_and_its_example_has_not_drifted() {
        V1ConfigMap routes = manifests.configMap("switchboard-routes");
        assertThat(routes.getData()).isNotEmpty();
        assertThat(RouteEntries.problems(routes.getData(), Path.of("routes"), Path.of("examples", "connectors"))).isEmpty();
    }

    @Test
    void the_routes_check_refuses_copies_drift_invalid_routes_and_unread_files() throws IOException {
        String inbox = Files.readString(Path.of("routes", "file-inbox.camel.yaml"));
        String shop = Files.readString(Path.of("examples", "connectors", "shop-webhook.camel.yaml"));
        Map<String, String> entries = Map.of(
                "file-inbox.camel.yaml", inbox,
                "my-inbox.camel.yaml", inbox,
                "shop-webhook.camel.yaml.example", shop.replace("/hooks/shop", "/hooks/store"),
                "typo.camel.yaml", "- route:\n    idd: typo\n    from: {uri: direct:x, steps: [{log: x}]}\n",
                "README.md", "# notes\n");
        List<String> problems = RouteEntries.problems(entries, Path.of("routes"), Path.of("examples", "connectors"));
        assertThat(problems).extracting(p -> p.substring(0, p.indexOf(':'))).containsOnly(entries.keySet().toArray(String[]::new));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("file-inbox.camel.yaml: replaces the bundled"))
                .anySatisfy(p -> assertThat(p).startsWith("my-inbox.camel.yaml: replaces the bundled route"))
                .anySatisfy(p -> assertThat(p).startsWith("shop-webhook.camel.yaml.example: differs"))
                .anySatisfy(p -> assertThat(p).startsWith("typo.camel.yaml:").contains("not a valid Camel YAML route"))
                .anySatisfy(p -> assertThat(p).startsWith("README.md: never loaded"));
    }

    // --- helpers ---

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              replicas: 2
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec:
                  containers:
                    - name: app
                      image: example/app:1
                      env:
                        - name: X
                          value: "x"
                      readinessProbe:
                        httpGet:
                          path: /observe
                          port: 8080
            """;

    private static Object yaml(String text) {
        return Manifests.documents("test", text).get(0);
    }

    private static V1Deployment deployment() {
        return manifests.one(V1Deployment.class);
    }

    private static V1PodSpec pod() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    private static V1Container container() {
        assertThat(pod().getContainers()).hasSize(1);
        return pod().getContainers().get(0);
    }

    private static V1Service service() {
        return manifests.one(V1Service.class);
    }

    /** The settings ConfigMap the Deployment reads. */
    private static Map<String, String> settings() {
        String name = container().getEnvFrom().stream().filter(f -> f.getConfigMapRef() != null)
                .map(f -> f.getConfigMapRef().getName()).findFirst().orElseThrow();
        return manifests.configMap(name).getData();
    }

    /** A port by number, or by the name of one of the container's ports. */
    private static Integer containerPort(IntOrString port) {
        if (port.isInteger()) {
            return port.getIntValue();
        }
        return container().getPorts().stream().filter(p -> port.getStrValue().equals(p.getName()))
                .map(V1ContainerPort::getContainerPort).findFirst().orElse(null);
    }

    /** The pod's volume mounted at {@code path}. */
    private static V1Volume volumeAt(String path) {
        String name = container().getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path))
                .map(V1VolumeMount::getName).findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + path));
        return pod().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
