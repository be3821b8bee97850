package dev.switchboard.voice;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads the YAML nodes of one IVR file, every error naming the file and line (snakeyaml-engine's marks). */
final class IvrYaml {

    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private final String file;

    IvrYaml(String file) {
        this.file = file;
    }

    Map<String, Node> mapping(Node node, Set<String> allowed, String what) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : mappingNode(node, what).getValue()) {
            String key = scalar(t.getKeyNode(), "a key");
            if (!allowed.contains(key)) {
                throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            if (out.put(key, t.getValueNode()) != null) {
                throw error(t.getKeyNode(), "key '" + key + "' appears twice in " + what);
            }
        }
        return out;
    }

    MappingNode mappingNode(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, what + " must be a mapping (key: value)");
        }
        return m;
    }

    String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, what + " must be a single value");
        }
        return s.getValue();
    }

    int integer(Node node, int min, int max, int fallback) {
        if (node == null) {
            return fallback;
        }
        String raw = scalar(node, "a number");
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw error(node, "'" + raw + "' must be a whole number from " + min + " to " + max);
    }

    boolean bool(Node node, boolean fallback) {
        if (node == null) {
            return fallback;
        }
        String raw = scalar(node, "true or false");
        if (!raw.equals("true") && !raw.equals("false")) {
            throw error(node, "'" + raw + "' must be true or false");
        }
        return Boolean.parseBoolean(raw);
    }

    String phone(Node node, String what) {
        if (node == null) {
            throw new IvrConfigException(file + ": " + what + " is missing");
        }
        String raw = scalar(node, what).replaceAll("[\\s()-]", "");
        if (!PHONE.matcher(raw).matches()) {
            throw error(node, what + " '" + raw + "' must be an E.164 number such as +14155550100");
        }
        return raw;
    }

    int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    String where(Node node) {
        return file + " line " + line(node);
    }

    IvrConfigException error(Node node, String message) {
        return new IvrConfigException(where(node) + ": " + message);
    }
}
