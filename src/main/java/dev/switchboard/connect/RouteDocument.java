package dev.switchboard.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML route file read with line numbers: its top-level items (routes, route configurations, …), the endpoint
 * URIs it names, and the same content as JSON for the schema check.
 */
public final class RouteDocument {

    /** Keys whose plain text value is an endpoint URI ({@code to: "mock:x"}); {@code uri} always is. */
    private static final Set<String> SHORT_FORM = Set.of("from", "to", "toD", "wireTap", "enrich", "pollEnrich");
    /** Top-level items that an engineer's file may replace by id. */
    private static final Set<String> REPLACEABLE = Set.of("route", "routeConfiguration", "routeTemplate");

    /** A top-level item: {@code route} with id {@code jms-requests}, on lines 40 to 62. */
    public record Item(String kind, String id, int firstLine, int lastLine) {
        public boolean replaceable() {
            return id != null && REPLACEABLE.contains(kind);
        }
    }

    private final String file;
    private final String text;
    private final Node root;
    private final Map<String, Integer> lines = new HashMap<>();
    private JsonNode json;

    private RouteDocument(String file, String text, Node root) {
        this.file = file;
        this.text = text;
        this.root = root;
    }

    /** Reads {@code text}; a file that is not YAML at all is refused with its line. */
    public static RouteDocument parse(String file, String text) {
        try {
            Node root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text).orElse(null);
            return new RouteDocument(file, text, root);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(1);
            throw new RouteFileException(file + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new RouteFileException(file + ": not valid YAML: " + e.getMessage());
        }
    }

    public String file() {
        return file;
    }

    public String text() {
        return text;
    }

    /** The content as JSON, as Camel's YAML DSL schema sees it. */
    public synchronized JsonNode json() {
        if (json == null) {
            json = root == null ? JsonNodeFactory.instance.arrayNode() : toJson(root, "");
        }
        return json;
    }

    /** The line of a JSON pointer into {@link #json()} ({@code /0/route/from}), or of its nearest parent. */
    public int lineOf(String pointer) {
        json();
        String p = pointer;
        while (true) {
            Integer line = lines.get(p);
            if (line != null || p.isEmpty()) {
                return line == null ? 1 : line;
            }
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
    }

    /** Whether {@code pointer} names something in the file. */
    public boolean has(String pointer) {
        json();
        return lines.containsKey(pointer);
    }

    public List<Item> items() {
        List<Item> items = new ArrayList<>();
        if (!(root instanceof SequenceNode seq)) {
            return items;
        }
        for (Node item : seq.getValue()) {
            int first = line(item);
            int last = item.getEndMark().map(m -> m.getColumn() == 0 ? m.getLine() : m.getLine() + 1).orElse(first);
            String kind = null;
            String id = null;
            if (item instanceof MappingNode m && m.getValue().size() == 1) {
                NodeTuple t = m.getValue().get(0);
                kind = scalar(t.getKeyNode());
                id = idOf(t.getValueNode());
            }
            items.add(new Item(kind, id, first, Math.max(first, last)));
        }
        return items;
    }

    /** Every endpoint URI written out in the file, in order. */
    public List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        if (root != null) {
            collect(root, out);
        }
        return out;
    }

    /** This file's text without the given top-level items (their lines blanked, so other lines keep their numbers). */
    public String without(List<Item> drop) {
        String[] textLines = text.split("\n", -1);
        for (Item item : drop) {
            for (int i = item.firstLine(); i <= item.lastLine() && i <= textLines.length; i++) {
                textLines[i - 1] = "";
            }
        }
        return String.join("\n", textLines);
    }

    private void collect(Node node, List<Endpoint> out) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = scalar(t.getKeyNode());
                Node value = t.getValueNode();
                if (value instanceof ScalarNode s && ("uri".equals(key) || SHORT_FORM.contains(key))) {
                    out.add(new Endpoint(s.getValue(), file, line(s)));
                } else {
                    collect(value, out);
                }
            }
        } else if (node instanceof SequenceNode s) {
            s.getValue().forEach(child -> collect(child, out));
        }
    }

    private JsonNode toJson(Node node, String pointer) {
        lines.put(pointer, line(node));
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof MappingNode m) {
            ObjectNode o = f.objectNode();
            for (NodeTuple t : m.getValue()) {
                String key = scalar(t.getKeyNode());
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                o.set(key, toJson(t.getValueNode(), child));
                lines.put(child, line(t.getKeyNode())); // the key's line: where a reader looks for the mistake
            }
            return o;
        }
        if (node instanceof SequenceNode s) {
            ArrayNode a = f.arrayNode();
            for (int i = 0; i < s.getValue().size(); i++) {
                a.add(toJson(s.getValue().get(i), pointer + "/" + i));
            }
            return a;
        }
        ScalarNode s = (ScalarNode) node;
        String v = s.getValue();
        Tag tag = s.getTag();
        try {
            if (Tag.BOOL.equals(tag)) {
                return f.booleanNode(Boolean.parseBoolean(v.toLowerCase()));
            }
            if (Tag.INT.equals(tag)) {
                return f.numberNode(new BigInteger(v.replace("_", "")));
            }
            if (Tag.FLOAT.equals(tag)) {
                return f.numberNode(new BigDecimal(v));
            }
        } catch (NumberFormatException e) {
            return f.textNode(v);
        }
        return Tag.NULL.equals(tag) ? f.nullNode() : f.textNode(v);
    }

    private static String idOf(Node item) {
        if (item instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if ("id".equals(scalar(t.getKeyNode())) && t.getValueNode() instanceof ScalarNode s) {
                    return s.getValue();
                }
            }
        }
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : String.valueOf(node);
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }
}
