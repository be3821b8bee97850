package dev.switchboard.voice;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads IVR menu files ({@code menus:} → name → menu) and refuses anything doubtful with an error naming
 * the file and line: unknown keys, an empty prompt, a digit or word used twice, a bad number.
 * Cross-menu checks (unknown {@code goto} targets) are done by {@link IvrMenus#validate}; reading the YAML
 * nodes themselves (mappings, numbers, line numbers) by {@link IvrYaml}.
 */
final class IvrMenuParser {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9*#]{1,10}");
    private static final Set<String> MENU_KEYS = Set.of("prompt", "gather", "options", "noInput");
    private static final Set<String> PROMPT_KEYS = Set.of("say", "voice", "language", "play");
    private static final Set<String> GATHER_KEYS = Set.of("input", "numDigits", "timeout");
    private static final Set<String> ACTION_KEYS = Set.of("say", "voice", "language", "play", "dial", "goto", "record",
            "hangup");
    private static final Set<String> DIAL_KEYS = Set.of("number", "callerId", "timeout");
    private static final Set<String> RECORD_KEYS = Set.of("say", "voice", "language", "play", "maxLength", "transcribe");

    private final String file;
    private final IvrYaml yaml;

    private IvrMenuParser(String file) {
        this.file = file;
        this.yaml = new IvrYaml(file);
    }

    /** The menus of one file, in file order. */
    static List<IvrMenu> parse(String file, String yaml) {
        return new IvrMenuParser(file).parse(yaml);
    }

    private List<IvrMenu> parse(String text) {
        Node root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text).orElse(null);
        } catch (YamlEngineException e) {
            throw new IvrConfigException(file + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return List.of();
        }
        Map<String, Node> top = yaml.mapping(root, Set.of("menus"), "the file");
        Node menusNode = top.get("menus");
        if (menusNode == null) {
            throw yaml.error(root, "an IVR file holds 'menus:' (name → menu)");
        }
        List<IvrMenu> menus = new ArrayList<>();
        for (NodeTuple t : yaml.mappingNode(menusNode, "'menus'").getValue()) {
            String name = yaml.scalar(t.getKeyNode(), "a menu name");
            if (!NAME.matcher(name).matches()) {
                throw yaml.error(t.getKeyNode(), "menu name '" + name + "' may only use letters, digits, '-' and '_'");
            }
            menus.add(menu(name, t.getValueNode()));
        }
        return menus;
    }

    private IvrMenu menu(String name, Node node) {
        Map<String, Node> m = yaml.mapping(node, MENU_KEYS, "menu '" + name + "'");
        Node promptNode = m.get("prompt");
        if (promptNode == null) {
            throw yaml.error(node, "menu '" + name + "' has no prompt: give 'say' text or a 'play' URL");
        }
        IvrMenu.Prompt prompt = prompt(yaml.mapping(promptNode, PROMPT_KEYS, "the prompt of menu '" + name + "'"));
        if (prompt == null) {
            throw yaml.error(promptNode, "menu '" + name + "' has an empty prompt: give 'say' text or a 'play' URL");
        }
        IvrMenu.Gather gather = gather(m.get("gather"), name);
        List<IvrMenu.Option> options = options(m.get("options"), name, gather);
        int repeat = 2;
        IvrMenu.Action fallback = null;
        if (m.get("noInput") != null) {
            Map<String, Node> noInput = yaml.mapping(m.get("noInput"), Set.of("repeat", "fallback"), "noInput");
            repeat = yaml.integer(noInput.get("repeat"), 0, 10, 2);
            if (noInput.get("fallback") != null) {
                fallback = action(noInput.get("fallback"), "the noInput fallback of menu '" + name + "'");
            }
        }
        return new IvrMenu(name, yaml.where(node), prompt, gather, options, repeat, fallback);
    }

    private IvrMenu.Gather gather(Node node, String menu) {
        if (node == null) {
            return new IvrMenu.Gather(true, false, 1, 5);
        }
        Map<String, Node> g = yaml.mapping(node, GATHER_KEYS, "the gather of menu '" + menu + "'");
        boolean digits = true;
        boolean speech = false;
        if (g.get("input") != null) {
            List<String> inputs = new ArrayList<>();
            if (g.get("input") instanceof SequenceNode seq) {
                seq.getValue().forEach(n -> inputs.add(yaml.scalar(n, "an input")));
            } else {
                inputs.addAll(List.of(yaml.scalar(g.get("input"), "input").split("[ ,]+")));
            }
            for (String input : inputs) {
                if (!input.equals("dtmf") && !input.equals("speech")) {
                    throw yaml.error(g.get("input"), "gather input '" + input + "' is not dtmf or speech");
                }
            }
            digits = inputs.contains("dtmf");
            speech = inputs.contains("speech");
        }
        Integer numDigits = g.get("numDigits") == null ? null : yaml.integer(g.get("numDigits"), 1, 10, 1);
        int timeout = yaml.integer(g.get("timeout"), 1, 60, 5);
        return new IvrMenu.Gather(digits, speech, numDigits, timeout);
    }

    private List<IvrMenu.Option> options(Node node, String menu, IvrMenu.Gather gather) {
        List<IvrMenu.Option> options = new ArrayList<>();
        if (node == null) {
            return options;
        }
        if (!(node instanceof SequenceNode seq)) {
            throw yaml.error(node, "'options' of menu '" + menu + "' must be a list");
        }
        Map<String, Node> digitsSeen = new HashMap<>();
        Map<String, Node> wordsSeen = new HashMap<>();
        for (Node optionNode : seq.getValue()) {
            Set<String> keys = new java.util.HashSet<>(ACTION_KEYS);
            keys.add("digit");
            keys.add("word");
            Map<String, Node> o = yaml.mapping(optionNode, keys, "an option of menu '" + menu + "'");
            String digit = o.get("digit") == null ? null : yaml.scalar(o.get("digit"), "digit");
            String word = o.get("word") == null ? null : yaml.scalar(o.get("word"), "word").trim().toLowerCase(java.util.Locale.ROOT);
            if (digit == null && word == null) {
                throw yaml.error(optionNode, "an option of menu '" + menu + "' needs a 'digit' or a 'word'");
            }
            if (digit != null && !DIGITS.matcher(digit).matches()) {
                throw yaml.error(o.get("digit"), "digit '" + digit + "' must be keypad keys: 0-9, * or #");
            }
            if (digit != null && gather.numDigits() != null && digit.length() != gather.numDigits()) {
                throw yaml.error(o.get("digit"), "digit '" + digit + "' does not have numDigits (" + gather.numDigits()
                        + ") keys");
            }
            if (word != null && word.isBlank()) {
                throw yaml.error(o.get("word"), "an option's 'word' is empty");
            }
            duplicate(digitsSeen, digit, o.get("digit"), "digit", menu);
            duplicate(wordsSeen, word, o.get("word"), "word", menu);
            options.add(new IvrMenu.Option(digit, word, action(optionNode, o, "option "
                    + (digit != null ? "'" + digit + "'" : "'" + word + "'") + " of menu '" + menu + "'"), yaml.where(optionNode)));
        }
        return options;
    }

    private void duplicate(Map<String, Node> seen, String value, Node node, String what, String menu) {
        if (value == null) {
            return;
        }
        Node first = seen.putIfAbsent(value, node);
        if (first != null) {
            throw yaml.error(node, "menu '" + menu + "' uses " + what + " '" + value + "' twice (first at line "
                    + yaml.line(first) + ")");
        }
    }

    private IvrMenu.Action action(Node node, String what) {
        return action(node, yaml.mapping(node, ACTION_KEYS, what), what);
    }

    private IvrMenu.Action action(Node node, Map<String, Node> a, String what) {
        IvrMenu.Prompt prompt = prompt(a);
        IvrMenu.Dial dial = null;
        if (a.get("dial") != null) {
            Node d = a.get("dial");
            Map<String, Node> dm = d instanceof ScalarNode ? Map.of("number", d) : yaml.mapping(d, DIAL_KEYS, "dial");
            String number = yaml.phone(dm.get("number"), "dial number");
            String callerId = dm.get("callerId") == null ? null : yaml.phone(dm.get("callerId"), "callerId");
            Integer timeout = dm.get("timeout") == null ? null : yaml.integer(dm.get("timeout"), 5, 600, 30);
            dial = new IvrMenu.Dial(number, callerId, timeout);
        }
        String gotoMenu = a.get("goto") == null ? null : yaml.scalar(a.get("goto"), "goto");
        IvrMenu.Record record = null;
        if (a.get("record") != null) {
            Node r = a.get("record");
            Map<String, Node> rm = r instanceof ScalarNode s && "true".equals(s.getValue()) ? Map.of()
                    : yaml.mapping(r, RECORD_KEYS, "record");
            record = new IvrMenu.Record(prompt(rm), yaml.integer(rm.get("maxLength"), 1, 3600, 120),
                    yaml.bool(rm.get("transcribe"), false));
        }
        boolean hangup = yaml.bool(a.get("hangup"), false);
        int terminals = (dial != null ? 1 : 0) + (gotoMenu != null ? 1 : 0) + (record != null ? 1 : 0) + (hangup ? 1 : 0);
        if (terminals > 1) {
            throw yaml.error(node, what + " can do only one of dial, goto, record, hangup");
        }
        if (terminals == 0 && prompt == null) {
            throw yaml.error(node, what + " does nothing: give say, play, dial, goto, record or hangup");
        }
        return new IvrMenu.Action(prompt, dial, gotoMenu, record, hangup);
    }

    /** Say/Play from a mapping that may hold other keys too; null when it has neither. */
    private IvrMenu.Prompt prompt(Map<String, Node> m) {
        String say = m.get("say") == null ? null : yaml.scalar(m.get("say"), "say");
        String play = m.get("play") == null ? null : yaml.scalar(m.get("play"), "play");
        if (play != null && !play.matches("https?://\\S+")) {
            throw yaml.error(m.get("play"), "'play' must be an http(s) URL");
        }
        if ((say == null || say.isBlank()) && play == null) {
            return null;
        }
        return new IvrMenu.Prompt(say == null || say.isBlank() ? null : say.strip(),
                m.get("voice") == null ? null : yaml.scalar(m.get("voice"), "voice"),
                m.get("language") == null ? null : yaml.scalar(m.get("language"), "language"), play);
    }
}
